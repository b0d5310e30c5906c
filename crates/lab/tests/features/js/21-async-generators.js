// Async generators and for await: yield and return await their value, requests queue, break
// awaits return(), arrays and strings give their values one job each.
async function* gen() {
  try {
    yield 'a';
    yield 'b';
  } finally {
    console.log('never in try?');
  }
}
async function* g2() { yield 1; yield 2; yield 3; }
async function main() {
  const it = g2();
  console.log(it, typeof it.next);
  const ps = [it.next(), it.next(), it.next(), it.next(), it.return(9), it.next()];
  for (const p of ps) console.log(await p);
  for await (const v of g2()) { console.log('v', v); if (v === 2) break; }
  console.log('after break');
  for await (const v of [1, Promise.resolve(2), new Promise(r => setTimeout(() => r(3), 10)), 'x']) console.log('arr', v);
  for await (const c of 'hi') console.log(c);
  const g = g2();
  console.log(await g.throw(new Error('boom')).catch(e => e.message));
  console.log(await g.next());
  const h = g2();
  console.log(await h.next());
  console.log(await h.return(Promise.resolve('r')));
  console.log(await h.next());
}
main();
let p = Promise.resolve();
for (let i = 0; i < 40; i++) p = p.then(() => console.log('tick', i));
