function risky(n) {
  if (n > 2) throw new RangeError(`too big: ${n}`);
  return n;
}
for (const n of [1, 3]) {
  try {
    console.log('got', risky(n));
  } catch (err) {
    console.log('caught', err.name, err.message);
  } finally {
    console.log('finally', n);
  }
}
function f() {
  try { return 'try'; } finally { console.log('cleanup before return'); }
}
console.log(f());
function g() {
  try { throw new Error('x'); } catch { return 'caught'; } finally { console.log('g finally'); }
}
console.log(g());
try { null.prop; } catch (e) { console.log(e instanceof TypeError, e.message); }
try { undefinedFn(); } catch (e) { console.log(e.name, e.message); }
try { const k = 1; k = 2; } catch (e) { console.log(e.name, e.message); }
try { try { throw 1; } finally { console.log('inner finally'); } } catch (e) { console.log('outer', e); }
const agg = new AggregateError([new Error('a'), 'b'], 'many');
console.log(agg.name, agg.message, agg.errors.length);
async function h() {
  try { await Promise.reject(new Error('async bad')); } catch (e) { return e.message; } finally { console.log('h finally'); }
}
h().then((m) => console.log('h ->', m));
setTimeout(() => { throw new Error('uncaught in timer'); }, 10);
setTimeout(() => console.log('never'), 20);
