// Source: Node.js Learn, "Discover Promises in Node.js", section "Promise.all()", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#promiseall
// Changed: the delays become 100 and 200 ms
const { setTimeout: delay } = require('node:timers/promises');

const fetchData1 = delay(100).then(() => 'Data from API 1');
const fetchData2 = delay(200).then(() => 'Data from API 2');

Promise.all([fetchData1, fetchData2])
  .then(results => {
    console.log(results); // ['Data from API 1', 'Data from API 2']
  })
  .catch(error => {
    console.error('Error:', error);
  });
