// Source: Node.js Learn, "Understanding setImmediate()", https://nodejs.org/en/learn/asynchronous-work/understanding-setimmediate (the same code run as an ES module)
// Changed: unchanged (saved as .mjs, which the guide says prints start bar foo zoo baz)
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

// In ES module: start bar foo zoo baz
