let i = 0;
const fns = [];
while (i < 3) { let j = i; fns.push(() => j); i++; }
console.log(fns.map(f => f()));
for (let k = 0; k < 3; k++) { setTimeout(() => console.log('k', k), 0); k++; }
const arr = [1, 2, 3];
for (const x of arr) { if (x === 1) arr.push(4); console.log('x', x); }
function Counter() { this.count = 0; }
Counter.prototype.inc = function () { this.count++; return this; };
const c = new Counter().inc().inc();
console.log(c.count, c, Object.keys(c));
const bound = c.inc.bind(c);
setTimeout(bound, 0);
setTimeout(() => console.log(c.count), 1);
const o = { name: 'o', f() { setTimeout(function () { console.log(this === undefined, typeof this); }); } };
o.f();
