function f(a, b) { console.log(a); console.log(b); }
process.nextTick(f, 'x', 'y');
setImmediate(f, 'i', 'j');
setTimeout(f, 300, 't', 'u');
queueMicrotask(f);
let n = 0;
const id = setInterval((label) => {
  n++;
  console.log(label, n);
  if (n === 3) clearInterval(id);
}, 130, 'tick');
const t = setTimeout(() => console.log('cleared'), 100);
clearTimeout(t);
const { setTimeout: sleep, setImmediate: soon } = require('timers/promises');
(async () => {
  const v = await sleep(200, 'slept');
  console.log(v);
  console.log(await soon('soon'));
  const util = require('util');
  const delay = util.promisify(setTimeout);
  await delay(10);
  console.log('promisified');
  const cbStyle = (x, cb) => setTimeout(() => (x ? cb(null, x * 2) : cb(new Error('zero'))), 5);
  const p = util.promisify(cbStyle);
  console.log(await p(21));
  try { await p(0); } catch (e) { console.log('rejected', e.message); }
})();
