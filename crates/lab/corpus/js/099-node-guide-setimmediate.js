// Source: Node.js Learn, "Discover Promises in Node.js", section "setImmediate()", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#setimmediate
// Changed: unchanged
setImmediate(() => {
  console.log('Immediate callback');
});

console.log('Synchronous task executed');
