// Source: Node.js API docs, Timers, "timersPromises.setImmediate([value[, options]])", https://nodejs.org/api/timers.html#timerspromisessetimmediatevalue-options
// Changed: unchanged
import {
  setImmediate,
} from 'node:timers/promises';

const res = await setImmediate('result');

console.log(res);  // Prints 'result'
