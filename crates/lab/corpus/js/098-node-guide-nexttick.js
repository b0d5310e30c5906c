// Source: Node.js Learn, "Discover Promises in Node.js", section "process.nextTick()", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#processnexttick
// Changed: unchanged
process.nextTick(() => {
  console.log('Next tick callback');
});

console.log('Synchronous task executed');
