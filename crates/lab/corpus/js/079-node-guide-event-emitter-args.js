// Source: Node.js Learn, "The Node.js Event emitter", https://nodejs.org/en/learn/asynchronous-work/the-nodejs-event-emitter
// Changed: the guide's successive snippets (basic start listener, then one argument) are one program
const EventEmitter = require('node:events');

const eventEmitter = new EventEmitter();

eventEmitter.on('start', () => {
  console.log('started');
});

eventEmitter.emit('start');

eventEmitter.on('start', number => {
  console.log(`started ${number}`);
});

eventEmitter.emit('start', 23);
