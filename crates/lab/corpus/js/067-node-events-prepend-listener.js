// Source: Node.js API docs, Events, "emitter.on(eventName, listener)", https://nodejs.org/api/events.html#emitteroneventname-listener
// Changed: added the require of EventEmitter (the docs snippet assumes it)
const EventEmitter = require('node:events');
const myEE = new EventEmitter();
myEE.on('foo', () => console.log('a'));
myEE.prependListener('foo', () => console.log('b'));
myEE.emit('foo');
// Prints:
//   b
//   a
