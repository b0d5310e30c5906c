// Source: Node.js Learn, "The Node.js Event Loop", section "Why use process.nextTick()?", https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick
// Changed: unchanged
let bar;

function someAsyncApiCall(callback) {
  process.nextTick(callback);
}

someAsyncApiCall(() => {
  console.log('bar', bar); // 1
});

bar = 1;
