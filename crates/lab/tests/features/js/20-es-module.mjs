// An ES module: imports of the built-ins, promise jobs before nextTick callbacks, immediates
// before timers, top-level await, strict mode.
import EventEmitter, { once } from 'node:events';
import { setTimeout as sleep, setImmediate as later } from 'timers/promises';
import process, { nextTick } from 'process';
import { promisify } from 'node:util';

export const label = 'module';
export function show(x) {
  console.log(label, x);
}

console.log(this, typeof require, typeof module, typeof exports);
function who() {
  return this;
}
console.log(who());

setTimeout(() => show('timeout'), 0);
setImmediate(() => show('immediate'));
nextTick(() => show('tick 1'));
process.nextTick(() => show('tick 2'));
Promise.resolve().then(() => show('then 1')).then(() => show('then 2'));
queueMicrotask(() => show('microtask'));
show('sync');

const e = new EventEmitter();
setTimeout(() => e.emit('go', 1, 2), 10);
const args = await once(e, 'go');
show(args);
const v = await sleep(5, 'slept');
show(v);
show(await later('later'));
const wait = promisify(setTimeout);
await wait(1);
try {
  undeclared = 1;
} catch (err) {
  show(err.message);
}
try {
  require('events');
} catch (err) {
  show(err.message);
}
export default 42;
show('end');
