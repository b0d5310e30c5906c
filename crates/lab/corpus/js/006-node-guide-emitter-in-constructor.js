// Source: Node.js Learn, "The Node.js Event Loop", section "Why use process.nextTick()?" (EventEmitter in a constructor), https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick
// Changed: unchanged
const EventEmitter = require('node:events');

class MyEmitter extends EventEmitter {
  constructor() {
    super();

    // use nextTick to emit the event once a handler is assigned
    process.nextTick(() => {
      this.emit('event');
    });
  }
}

const myEmitter = new MyEmitter();
myEmitter.on('event', () => {
  console.log('an event occurred!');
});
