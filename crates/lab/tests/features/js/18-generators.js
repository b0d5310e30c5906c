function* count(from, to) {
  console.log('start');
  for (let i = from; i <= to; i++) {
    const sent = yield i;
    if (sent) console.log('sent', sent);
  }
  return 'end';
}
const g = count(1, 3);
console.log(g, typeof g);
console.log(g.next(), g.next('hello'), g.next(), g.next(), g.next());
console.log([...count(5, 7)], Array.of(...count(1, 2)));
for (const x of count(10, 20)) {
  if (x > 12) break;
  console.log('loop', x);
}
const [a, b] = count(100, 200);
console.log(a, b);
function* fib() {
  let [x, y] = [0, 1];
  while (true) { yield x; [x, y] = [y, x + y]; }
}
const f = fib();
const firsts = [];
for (const n of f) { if (firsts.length === 10) break; firsts.push(n); }
console.log(firsts, f.next());
function* thrower() { yield 1; throw new Error('gen error'); }
const t = thrower();
console.log(t.next());
try { t.next(); } catch (e) { console.log('caught', e.message, t.next()); }
const obj = { *items() { yield 'a'; yield 'b'; } };
console.log([...obj.items()]);
class Tree { *walk() { yield 1; yield 2; } }
for (const v of new Tree().walk()) console.log('tree', v);
const early = count(1, 5);
console.log(early.next(), early.return(42), early.next());
function* lazy() { yield Promise.resolve('p'); }
Promise.all(lazy()).then((v) => console.log('all of a generator', v));
