// An EventEmitter printed as Node 20 prints it (its internal fields and symbols).
const E = require('events');
class M extends E { constructor(){ super(); this.name='m'; } }
const e = new E(); console.log(e);
const m = new M(); m.on('x', () => {}); console.log(m);
m.on('x', function b() {}); console.log(m);
m.on('y', function c() {}); console.log(m);
m.off('y', m.listeners('y')[0]); console.log(m);
m.setMaxListeners(3);
console.log([m], { deep: { m } });
m.on('with space', () => {});
console.log(m);
class M2 extends E { tag = "t"; }
const m2 = new M2(); m2.on('x', () => {}); m2.on("x", () => {});
const n = new E(); n.on('z', function zz() {});
console.log([[m2]]);
console.log([[n]], [[[n]]]);
console.log({ a: { b: m2 } });
const em = new E();
console.log({ a: { b: em } }, [[[em]]]);
