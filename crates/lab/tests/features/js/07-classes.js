class Animal {
  static count = 0;
  legs = 4;
  constructor(name) {
    this.name = name;
    Animal.count++;
  }
  speak() { return `${this.name} makes a sound`; }
  get description() { return `${this.name} with ${this.legs} legs`; }
  static create(name) { return new this(name); }
}
class Bird extends Animal {
  legs = 2;
  constructor(name, canFly = true) {
    super(name);
    this.canFly = canFly;
  }
  speak() { return super.speak() + ' (tweet)'; }
}
class Penguin extends Bird {}
const a = new Animal('Cat');
const b = new Bird('Robin');
const p = new Penguin('Pingu', false);
console.log(a.speak(), b.speak(), p.speak());
console.log(a.description, b.description, Animal.count, Penguin.count);
console.log(a, b, p, new (class {})(), Animal.create('Dog').name);
console.log(p instanceof Bird, p instanceof Animal, a instanceof Bird, Penguin.name, typeof Animal);
console.log(Animal, Bird);
function Legacy(v) { this.v = v; }
Legacy.prototype.get = function () { return this.v; };
const l = new Legacy(3);
console.log(l.get(), l, l instanceof Legacy);
class MyError extends Error {
  constructor(msg) { super(msg); this.name = 'MyError'; }
}
try { throw new MyError('bad thing'); } catch (e) {
  console.log(e.name, e.message, e instanceof MyError, e instanceof Error, String(e));
}
try { Animal(); } catch (e) { console.log(e.name, e.message); }
