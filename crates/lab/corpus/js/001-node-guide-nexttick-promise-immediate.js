// Source: Node.js Learn, "Understanding setImmediate()", https://nodejs.org/en/learn/asynchronous-work/understanding-setimmediate (CommonJS example)
// Changed: unchanged
const baz = () => console.log('baz');
const foo = () => console.log('foo');
const zoo = () => console.log('zoo');

const start = () => {
  console.log('start');
  setImmediate(baz);
  new Promise((resolve, reject) => {
    resolve('bar');
  }).then(resolve => {
    console.log(resolve);
    process.nextTick(zoo);
  });
  process.nextTick(foo);
};

start();

// start foo bar zoo baz
