// Source: Node.js API docs, Events, "emitter.once(eventName, listener)", https://nodejs.org/api/events.html#emitteronceeventname-listener
// Changed: added the require of EventEmitter (the docs snippet assumes it)
const EventEmitter = require('node:events');
const myEE = new EventEmitter();
myEE.once('foo', () => console.log('a'));
myEE.prependOnceListener('foo', () => console.log('b'));
myEE.emit('foo');
// Prints:
//   b
//   a
