// Symbol.asyncIterator: a class with an async generator method, a hand-written async iterator
// (next may return a plain object; break calls return), typeof of symbols.
class Countdown {
  constructor(n) { this.n = n; }
  async *[Symbol.asyncIterator]() {
    while (this.n > 0) {
      await null;
      yield this.n--;
    }
  }
}
const manual = {
  i: 0,
  [Symbol.asyncIterator]() {
    return {
      i: 0,
      next: () => this.i < 3 ? Promise.resolve({ value: this.i++, done: false }) : { done: true, value: 'end' },
      return() { console.log('return called'); return { done: true }; },
    };
  },
};
async function main() {
  for await (const x of new Countdown(3)) console.log('cd', x);
  for await (const x of manual) console.log('m', x);
  manual.i = 0;
  for await (const x of manual) { console.log('m2', x); break; }
  console.log(typeof Symbol.asyncIterator, typeof Symbol, Object.keys(manual));
  const g = (async function* () { yield 1; })();
  console.log(g[Symbol.asyncIterator]() === g);
}
main();
let p = Promise.resolve();
for (let i = 0; i < 20; i++) p = p.then(() => console.log('tick', i));
