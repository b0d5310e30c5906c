// Source: Node.js Learn, "Discover Promises in Node.js", section "Promise.allSettled()", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#promiseallsettled
// Changed: unchanged
const promise1 = Promise.resolve('Success');
const promise2 = Promise.reject('Failed');

Promise.allSettled([promise1, promise2]).then(results => {
  console.log(results);
  // [ { status: 'fulfilled', value: 'Success' }, { status: 'rejected', reason: 'Failed' } ]
});
