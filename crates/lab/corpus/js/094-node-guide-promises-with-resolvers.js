// Source: Node.js Learn, "Discover Promises in Node.js", section "Promise.withResolvers()", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#promisewithresolvers
// Changed: the 1000 ms delay becomes 100 ms (Node 20 has no Promise.withResolvers, so the program dies with a TypeError)
const { promise, resolve, reject } = Promise.withResolvers();

setTimeout(() => {
  resolve('Resolved successfully!');
}, 100);

promise.then(value => {
  console.log('Success:', value);
});
