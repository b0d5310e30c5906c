// Source: Node.js Learn, "Discover Promises in Node.js", section "Error Handling with Promises" (first example), https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#error-handling-with-promises
// Changed: myPromise (undefined in that example) is the guide's earlier myPromise with success = false, so the rejection is handled
const myPromise = new Promise((resolve, reject) => {
  let success = false;

  if (success) {
    resolve('Operation was successful!');
  } else {
    reject('Something went wrong.');
  }
});

myPromise
  .then(result => console.log(result))
  .catch(error => console.error(error)) // Handles the rejection
  .finally(error => console.log('Promise completed')); // Runs regardless of promise resolution
