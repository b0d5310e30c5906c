// Source: Node.js API docs, Process, "When to use queueMicrotask() vs. process.nextTick()" (ES module version), https://nodejs.org/api/process.html#when-to-use-queuemicrotask-vs-processnexttick
// Changed: unchanged
import { nextTick } from 'node:process';

Promise.resolve().then(() => console.log('resolve'));
queueMicrotask(() => console.log('microtask'));
nextTick(() => console.log('nextTick'));
// Output:
// resolve
// microtask
// nextTick
