const util = require('util');
let n = 0;
process.on('beforeExit', (code) => {
  console.log('beforeExit', code, n);
  if (n++ < 2) setTimeout(() => console.log('more work', n), 10);
});
process.on('exit', (c) => console.log('exit', c));
const cb = util.callbackify(async (x) => {
  if (x) return x * 2;
  throw new Error('no x');
});
cb(21, (err, v) => console.log('callbackified', err, v));
cb(0, (err) => console.log('callbackified error', err.message));
const o = { y: { z: 2 } };
try { o.y.z(); } catch (e) { console.log(e.name, e.message); }
try { o.q.r; } catch (e) { console.log(e.message); }
Promise.any([Promise.reject(new Error('a'))]).catch((e) => console.log(e.constructor.name, e.errors[0].message, [].constructor === Array));
console.log('start');
