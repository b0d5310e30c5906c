// for await with timers: a countdown, return from inside the loop, an async generator that throws.
async function* countdown(n) {
  while (n > 0) {
    await new Promise(r => setTimeout(r, 10));
    yield n--;
  }
}
async function first(it) {
  for await (const x of it) return x;
}
async function* thrower() { yield 1; throw new Error('bad'); }
(async () => {
  for await (const n of countdown(3)) console.log(n);
  console.log('first', await first(countdown(5)));
  try {
    for await (const x of thrower()) console.log('t', x);
  } catch (e) { console.log('caught', e.message); }
  const results = [];
  for await (const x of countdown(2)) results.push(x);
  console.log(results);
})();
setTimeout(() => console.log('timer 15'), 15);
