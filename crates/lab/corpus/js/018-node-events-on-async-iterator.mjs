// Source: Node.js API docs, Events, "events.on(emitter, eventName[, options])", https://nodejs.org/api/events.html#eventsonemitter-eventname-options
// Changed: unchanged (the loop never ends; Node exits when nothing else is pending and reports the unsettled top-level await)
import { on, EventEmitter } from 'node:events';
import process from 'node:process';

const ee = new EventEmitter();

// Emit later on
process.nextTick(() => {
  ee.emit('foo', 'bar');
  ee.emit('foo', 42);
});

for await (const event of on(ee, 'foo')) {
  // The execution of this inner block is synchronous and it
  // processes one event at a time (even with await). Do not use
  // if concurrent execution is required.
  console.log(event); // prints ['bar'] [42]
}
// Unreachable here
