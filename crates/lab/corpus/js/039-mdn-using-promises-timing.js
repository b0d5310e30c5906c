// Source: MDN Guide, "Using promises", section "Timing", https://developer.mozilla.org/en-US/docs/Web/JavaScript/Guide/Using_promises#timing
// Changed: unchanged
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

wait(0).then(() => console.log(4));
Promise.resolve()
  .then(() => console.log(2))
  .then(() => console.log(3));
console.log(1); // 1, 2, 3, 4
