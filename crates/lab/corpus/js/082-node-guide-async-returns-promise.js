// Source: Node.js Learn, "Modern Asynchronous JavaScript with Async and Await", section "Promise all the things", https://nodejs.org/en/learn/asynchronous-work/modern-asynchronous-javascript-with-async-and-await
// Changed: alert replaced by console.log; the guide's two equivalent snippets are one program
const aFunction = async () => {
  return 'test';
};

aFunction().then(console.log); // This will alert 'test'

const bFunction = () => {
  return Promise.resolve('test');
};

bFunction().then(console.log); // This will alert 'test'
