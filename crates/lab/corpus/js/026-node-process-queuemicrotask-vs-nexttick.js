// Source: Node.js API docs, Process, "When to use queueMicrotask() vs. process.nextTick()", https://nodejs.org/api/process.html#when-to-use-queuemicrotask-vs-processnexttick
// Changed: unchanged
const { nextTick } = require('node:process');

Promise.resolve().then(() => console.log('resolve'));
queueMicrotask(() => console.log('microtask'));
nextTick(() => console.log('nextTick'));
// Output:
// nextTick
// resolve
// microtask
