// Source: Node.js Learn, "Discover Promises in Node.js", section "queueMicrotask()", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#queuemicrotask
// Changed: unchanged
queueMicrotask(() => {
  console.log('Microtask is executed');
});

console.log('Synchronous task is executed');
