// Source: Node.js Learn, "Discover Promises in Node.js", section "Error Handling with Promises" (async/await example), https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#error-handling-with-promises
// Changed: myPromise (undefined in that example) is the guide's earlier myPromise (success = true)
const myPromise = new Promise((resolve, reject) => {
  let success = true;

  if (success) {
    resolve('Operation was successful!');
  } else {
    reject('Something went wrong.');
  }
});

async function performTask() {
  try {
    const result = await myPromise;
    console.log(result);
  } catch (error) {
    console.error(error); // Handles any errors
  } finally {
    // This code is executed regardless of failure
    console.log('performTask() completed');
  }
}

performTask();
