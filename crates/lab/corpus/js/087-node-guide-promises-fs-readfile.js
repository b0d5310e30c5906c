// Source: Node.js Learn, "Discover Promises in Node.js", section "Promise-based Node.js APIs", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#promise-based-nodejs-apis
// Changed: unchanged (example.txt does not exist next to the program, so the error goes to standard error)
const fs = require('node:fs').promises;
// Or, you can import the promisified version directly:
// const fs = require('node:fs/promises');

async function readFile() {
  try {
    const data = await fs.readFile('example.txt', 'utf8');
    console.log(data);
  } catch (err) {
    console.error('Error reading file:', err);
  }
}

readFile();
