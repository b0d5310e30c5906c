// Source: Node.js API docs, Events, "Error events" (with an 'error' listener), https://nodejs.org/api/events.html#error-events
// Changed: unchanged
const EventEmitter = require('node:events');
class MyEmitter extends EventEmitter {}
const myEmitter = new MyEmitter();
myEmitter.on('error', (err) => {
  console.error('whoops! there was an error');
});
myEmitter.emit('error', new Error('whoops!'));
// Prints: whoops! there was an error
