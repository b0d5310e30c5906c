// Getters, setters and super in static and instance methods.
class A { static hello() { return 'A.hello ' + this.name; } get v() { return 1; } set v(x) { console.log('set', x); } }
class B extends A { static hello() { return super.hello() + '!'; } get v() { return super.v + 1; } }
const b = new B();
console.log(B.hello(), b.v);
b.v = 5;
const o = { _x: 1, get x() { return this._x; }, set x(v) { this._x = v * 2; } };
o.x = 4;
console.log(o.x, o);
