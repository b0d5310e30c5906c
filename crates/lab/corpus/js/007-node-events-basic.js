// Source: Node.js API docs, Events, https://nodejs.org/api/events.html#events (first example)
// Changed: unchanged
const EventEmitter = require('node:events');

class MyEmitter extends EventEmitter {}

const myEmitter = new MyEmitter();
myEmitter.on('event', () => {
  console.log('an event occurred!');
});
myEmitter.emit('event');
