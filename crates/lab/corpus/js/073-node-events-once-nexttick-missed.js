// Source: Node.js API docs, Events, "Awaiting multiple events emitted on process.nextTick()", https://nodejs.org/api/events.html#awaiting-multiple-events-emitted-on-processnexttick
// Changed: unchanged ('foo' is emitted before the second once() listens, so 'done' never prints)
const { EventEmitter, once } = require('node:events');

const myEE = new EventEmitter();

async function foo() {
  await once(myEE, 'bar');
  console.log('bar');

  // This Promise will never resolve because the 'foo' event will
  // have already been emitted before the Promise is created.
  await once(myEE, 'foo');
  console.log('foo');
}

process.nextTick(() => {
  myEE.emit('bar');
  myEE.emit('foo');
});

foo().then(() => console.log('done'));
