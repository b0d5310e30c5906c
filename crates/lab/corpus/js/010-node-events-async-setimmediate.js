// Source: Node.js API docs, Events, "Asynchronous vs. synchronous", https://nodejs.org/api/events.html#asynchronous-vs-synchronous
// Changed: added the emit call (the docs show only the listener); nothing else
const EventEmitter = require('node:events');
class MyEmitter extends EventEmitter {}
const myEmitter = new MyEmitter();
myEmitter.on('event', (a, b) => {
  setImmediate(() => {
    console.log('this happens asynchronously');
  });
});
myEmitter.emit('event', 'a', 'b');
