// Source: Node.js API docs, Events, "Awaiting multiple events emitted on process.nextTick()" (Promise.all fix), https://nodejs.org/api/events.html#awaiting-multiple-events-emitted-on-processnexttick
// Changed: unchanged
const { EventEmitter, once } = require('node:events');

const myEE = new EventEmitter();

async function foo() {
  await Promise.all([once(myEE, 'bar'), once(myEE, 'foo')]);
  console.log('foo', 'bar');
}

process.nextTick(() => {
  myEE.emit('bar');
  myEE.emit('foo');
});

foo().then(() => console.log('done'));
