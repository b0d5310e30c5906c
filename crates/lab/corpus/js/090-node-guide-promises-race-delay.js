// Source: Node.js Learn, "Discover Promises in Node.js", section "Promise.race()", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#promiserace
// Changed: the delays become 200 and 100 ms
const { setTimeout: delay } = require('node:timers/promises');

const task1 = delay(200).then(() => 'Task 1 done');
const task2 = delay(100).then(() => 'Task 2 done');

Promise.race([task1, task2]).then(result => {
  console.log(result); // 'Task 2 done' (since task2 finishes first)
});
