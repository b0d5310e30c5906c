// Source: Node.js API docs, Events, "Error events", https://nodejs.org/api/events.html#error-events
// Changed: unchanged
const EventEmitter = require('node:events');
class MyEmitter extends EventEmitter {}
const myEmitter = new MyEmitter();
myEmitter.emit('error', new Error('whoops!'));
// Throws and crashes Node.js
