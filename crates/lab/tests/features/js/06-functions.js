function add(a, b = 10, ...rest) {
  return a + b + rest.length;
}
console.log(add(1), add(1, 2), add(1, 2, 3, 4), add.length, add.name);
function counter() {
  let n = 0;
  return { inc: () => ++n, get value() { return n; } };
}
const c = counter();
c.inc(); c.inc();
console.log(c.value, c);
function greet(greeting, punct) { return `${greeting}, ${this.name}${punct}`; }
const bob = { name: 'Bob' };
console.log(greet.call(bob, 'Hi', '!'), greet.apply(bob, ['Hey', '?']), greet.bind(bob, 'Yo')('.'));
function args() { return arguments.length + ':' + [...arguments].join('|'); }
console.log(args(1, 'a', null));
const obj = {
  name: 'obj',
  regular() { return this.name; },
  arrow: () => typeof this,
  nested() { return [1].map(() => this.name)[0]; },
};
console.log(obj.regular(), obj.arrow(), obj.nested());
const fact = function f(n) { return n <= 1 ? 1 : n * f(n - 1); };
console.log(fact(10), [add, fact, () => {}, async function named() {}, class Foo {}]);
console.log((function () { return typeof this; })(), (() => this)());
const { x = 1, y: { z } = { z: 'deep' } } = {};
console.log(x, z);
function opts({ a = 1, b = 2 } = {}) { return a + b; }
console.log(opts(), opts({ a: 5 }), opts({ b: 0 }));
