// events.on and timers/promises setInterval as async iterators: queued events, break removes
// the listeners, an 'error' event rejects the waiting next(), intervals that fall behind.
const { EventEmitter, on } = require('events');
const { setInterval: every, setTimeout: sleep } = require('timers/promises');
const ee = new EventEmitter();
let p = Promise.resolve();
for (let i = 0; i < 12; i++) p = p.then(() => console.log('tick', i));
async function consume() {
  let n = 0;
  for await (const [v, w] of on(ee, 'data')) {
    console.log('data', v, w, ee.listenerCount('data'), ee.listenerCount('error'));
    if (++n === 3) break;
  }
  console.log('after loop', ee.listenerCount('data'), ee.listenerCount('error'));
}
consume().then(() => console.log('consumed'));
ee.emit('data', 1, 'a');
process.nextTick(() => { ee.emit('data', 2); ee.emit('data', 3); ee.emit('data', 4); });
async function errs() {
  const e2 = new EventEmitter();
  setTimeout(() => { e2.emit('x', 'one'); e2.emit('error', new Error('bad')); }, 5);
  try {
    for await (const [v] of on(e2, 'x')) console.log('x', v);
  } catch (e) { console.log('caught', e.message, e2.listenerCount('x')); }
}
errs();
async function ticks() {
  let k = 0;
  for await (const t of every(20, 'iv')) {
    console.log('interval', t, ++k);
    if (k === 2) await sleep(50);
    if (k === 4) break;
  }
  console.log('interval done');
}
setTimeout(ticks, 30);
async function manual() {
  const it = every(10, 'm');
  const a = it.next(), b = it.next();
  console.log(await a, await b);
  console.log(await it.return('r'));
  console.log(await it.next());
  const o = on(ee, 'q');
  const n1 = o.next();
  ee.emit('q', 7);
  console.log(await n1);
  console.log(await o.return());
  console.log(await o.next());
}
setTimeout(manual, 300);
