// Source: Node.js API docs, Process, "Event: 'unhandledRejection'", https://nodejs.org/api/process.html#event-unhandledrejection
// Changed: somePromise (undefined in the docs) is Promise.resolve('{}'); reportToUser is a stub; the handler logs reason.message instead of the promise and the Error (their inspection prints the stack with this file's path)
const process = require('node:process');

const somePromise = Promise.resolve('{}');
const reportToUser = (x) => x;

process.on('unhandledRejection', (reason, promise) => {
  console.log('Unhandled Rejection at:', 'reason:', reason.message);
  // Application specific logging, throwing an error, or other logic here
});

somePromise.then((res) => {
  return reportToUser(JSON.pasre(res)); // Note the typo (`pasre`)
}); // No `.catch()` or `.then()`
