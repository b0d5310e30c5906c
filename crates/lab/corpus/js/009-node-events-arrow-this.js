// Source: Node.js API docs, Events, "Passing arguments and this to listeners" (arrow function listener), https://nodejs.org/api/events.html#passing-arguments-and-this-to-listeners
// Changed: unchanged
const EventEmitter = require('node:events');
class MyEmitter extends EventEmitter {}
const myEmitter = new MyEmitter();
myEmitter.on('event', (a, b) => {
  console.log(a, b, this);
  // Prints: a b {}
});
myEmitter.emit('event', 'a', 'b');
