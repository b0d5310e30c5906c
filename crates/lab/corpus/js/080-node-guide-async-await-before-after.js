// Source: Node.js Learn, "Modern Asynchronous JavaScript with Async and Await", section "A quick example", https://nodejs.org/en/learn/asynchronous-work/modern-asynchronous-javascript-with-async-and-await
// Changed: the 3000 ms delay shortened to 300 ms
const doSomethingAsync = () => {
  return new Promise(resolve => {
    setTimeout(() => resolve('I did something'), 300);
  });
};

const doSomething = async () => {
  console.log(await doSomethingAsync());
};

console.log('Before');
doSomething();
console.log('After');
