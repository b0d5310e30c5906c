// Source: Node.js Learn, "Discover Promises in Node.js", section "Using Async/Await with Promises", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#using-asyncawait-with-promises
// Changed: promise1 and promise2 (undefined in the guide) are made with timers/promises' setTimeout, 100 ms apart, resolving to the values the guide's comments show
const { setTimeout: delay } = require('node:timers/promises');
const promise1 = delay(100).then(() => 'First task completed');
const promise2 = delay(200).then(() => 'Second task completed');

async function performTasks() {
  try {
    const result1 = await promise1;
    console.log(result1); // 'First task completed'

    const result2 = await promise2;
    console.log(result2); // 'Second task completed'
  } catch (error) {
    console.error(error); // Catches any rejection or error
  }
}

performTasks();
