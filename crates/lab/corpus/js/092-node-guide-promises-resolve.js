// Source: Node.js Learn, "Discover Promises in Node.js", section "Promise.reject() and Promise.resolve()", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#promisereject-and-promiseresolve
// Changed: unchanged
Promise.resolve('Resolved immediately').then(result => {
  console.log(result); // 'Resolved immediately'
});
