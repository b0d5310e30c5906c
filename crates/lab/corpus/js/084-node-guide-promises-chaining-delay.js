// Source: Node.js Learn, "Discover Promises in Node.js", section "Chaining Promises", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#chaining-promises
// Changed: the 1000 ms delays become 100 ms
const { setTimeout: delay } = require('node:timers/promises');

const promise = delay(100).then(() => 'First task completed');

promise
  .then(result => {
    console.log(result); // 'First task completed'
    return delay(100).then(() => 'Second task completed'); // Return a second Promise
  })
  .then(result => {
    console.log(result); // 'Second task completed'
  })
  .catch(error => {
    console.error(error); // If any Promise is rejected, catch the error
  });
