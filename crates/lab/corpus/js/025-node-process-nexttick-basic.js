// Source: Node.js API docs, Process, "process.nextTick(callback[, ...args])", https://nodejs.org/api/process.html#processnexttickcallback-args
// Changed: unchanged
const { nextTick } = require('node:process');

console.log('start');
nextTick(() => {
  console.log('nextTick callback');
});
console.log('scheduled');
// Output:
// start
// scheduled
// nextTick callback
