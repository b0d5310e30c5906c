// Source: MDN, Promise.all(), "Promise.all fail-fast behavior", https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Promise/all#promise.all_fail-fast_behavior
// Changed: delays divided by 10 (1000-4000 ms become 100-400 ms)
const p1 = new Promise((resolve, reject) => {
  setTimeout(() => resolve("one"), 100);
});
const p2 = new Promise((resolve, reject) => {
  setTimeout(() => resolve("two"), 200);
});
const p3 = new Promise((resolve, reject) => {
  setTimeout(() => resolve("three"), 300);
});
const p4 = new Promise((resolve, reject) => {
  setTimeout(() => resolve("four"), 400);
});
const p5 = new Promise((resolve, reject) => {
  reject(new Error("reject"));
});

// Using .catch:
Promise.all([p1, p2, p3, p4, p5])
  .then((values) => {
    console.log(values);
  })
  .catch((error) => {
    console.error(error.message);
  });

// Logs:
// "reject"
