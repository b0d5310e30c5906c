// Source: Node.js Learn, "Modern Asynchronous JavaScript with Async and Await", section "The code is much simpler to read", https://nodejs.org/en/learn/asynchronous-work/modern-asynchronous-javascript-with-async-and-await
// Changed: the 10000 ms delay shortened to 100 ms
const promiseToDoSomething = () => {
  return new Promise(resolve => {
    setTimeout(() => resolve('I did something'), 100);
  });
};

const watchOverSomeoneDoingSomething = async () => {
  const something = await promiseToDoSomething();
  return `${something} and I watched`;
};

const watchOverSomeoneWatchingSomeoneDoingSomething = async () => {
  const something = await watchOverSomeoneDoingSomething();
  return `${something} and I watched as well`;
};

watchOverSomeoneWatchingSomeoneDoingSomething().then(res => {
  console.log(res);
});
