// Source: Node.js Learn, "Discover Promises in Node.js", section "Promise.any()", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#promiseany
// Changed: the delays become 200, 100 and 150 ms
const { setTimeout: delay } = require('node:timers/promises');

const api1 = delay(200).then(() => 'API 1 success');
const api2 = delay(100).then(() => 'API 2 success');
const api3 = delay(150).then(() => 'API 3 success');

Promise.any([api1, api2, api3])
  .then(result => {
    console.log(result); // 'API 2 success' (since it resolves first)
  })
  .catch(error => {
    console.error('All promises rejected:', error);
  });
