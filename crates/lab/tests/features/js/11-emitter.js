const EventEmitter = require('events');
const { once } = require('node:events');
class Door extends EventEmitter {
  open(who) { console.log('opening'); this.emit('open', who); console.log('opened'); }
}
const d = new Door();
d.on('open', function (who) { console.log('listener 1', who, this === d); });
d.prependListener('open', (who) => console.log('listener 0', who));
d.once('open', () => console.log('only once'));
d.open('alice');
d.open('bob');
console.log(d.listenerCount('open'), d.eventNames(), d.emit('nothing'));
const h = () => console.log('removed?');
d.on('x', h);
d.off('x', h);
console.log(d.emit('x'));
d.on('error', (e) => console.log('error handled:', e.message));
d.emit('error', new Error('bad'));
(async () => {
  setTimeout(() => d.emit('ready', 1, 2), 10);
  const args = await once(d, 'ready');
  console.log('once resolved', args);
})();
const e2 = new EventEmitter();
e2.on('newListener', (ev) => console.log('adding', ev));
e2.on('data', () => {});
e2.emit('error', new Error('nobody listens'));
console.log('not reached');
