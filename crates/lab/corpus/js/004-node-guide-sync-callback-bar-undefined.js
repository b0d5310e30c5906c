// Source: Node.js Learn, "The Node.js Event Loop", section "Why use process.nextTick()?", https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick
// Changed: unchanged
let bar;

// this has an asynchronous signature, but calls callback synchronously
function someAsyncApiCall(callback) {
  callback();
}

// the callback is called before `someAsyncApiCall` completes.
someAsyncApiCall(() => {
  // since someAsyncApiCall hasn't completed, bar hasn't been assigned any value
  console.log('bar', bar); // undefined
});

bar = 1;
