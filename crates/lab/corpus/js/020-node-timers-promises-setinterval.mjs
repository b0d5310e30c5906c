// Source: Node.js API docs, Timers, "timersPromises.setInterval([delay[, value[, options]]])", https://nodejs.org/api/timers.html#timerspromisessetintervaldelay-value-options
// Changed: Date.now() replaced by a tick counter (the printed times were wall-clock); the break condition "now - startTime > 1000" becomes "more than 10 ticks" (same 100 ms interval)
import {
  setInterval,
} from 'node:timers/promises';

const interval = 100;
let ticks = 0;
for await (const startTime of setInterval(interval, 0)) {
  ticks++;
  const now = ticks;
  console.log(now);
  if ((now - startTime) > 10)
    break;
}
console.log(ticks);
