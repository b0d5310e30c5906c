// Source: Node.js API docs, Timers, "timersPromises.setTimeout([delay[, value[, options]]])", https://nodejs.org/api/timers.html#timerspromisessettimeoutdelay-value-options
// Changed: unchanged
import {
  setTimeout,
} from 'node:timers/promises';

const res = await setTimeout(100, 'result');

console.log(res);  // Prints 'result'
