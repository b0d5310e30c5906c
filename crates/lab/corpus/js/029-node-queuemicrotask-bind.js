// Source: Node.js API docs, Process, "When to use queueMicrotask() vs. process.nextTick()" (deferred with bind), https://nodejs.org/api/process.html#when-to-use-queuemicrotask-vs-processnexttick
// Changed: unchanged
function deferred(a, b) {
  console.log('microtask', a + b);
}

console.log('start');
queueMicrotask(deferred.bind(undefined, 1, 2));
console.log('scheduled');
// Output:
// start
// scheduled
// microtask 3
