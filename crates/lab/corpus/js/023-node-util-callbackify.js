// Source: Node.js API docs, Util, "util.callbackify(original)", https://nodejs.org/api/util.html#utilcallbackifyoriginal
// Changed: unchanged
const util = require('node:util');

async function fn() {
  return 'hello world';
}
const callbackFunction = util.callbackify(fn);

callbackFunction((err, ret) => {
  if (err) throw err;
  console.log(ret);
});
