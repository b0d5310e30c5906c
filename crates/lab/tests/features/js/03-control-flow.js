function grade(n) {
  if (n >= 90) return 'A';
  else if (n >= 80) return 'B';
  else return 'C';
}
console.log(grade(95), grade(85), grade(10));
for (let i = 0; i < 10; i++) {
  if (i % 2) continue;
  if (i > 6) break;
  console.log('even', i);
}
let n = 0;
while (true) { n++; if (n === 4) break; }
do { n += 10; } while (n < 30);
console.log(n);
function day(d) {
  switch (d) {
    case 0: return 'sun';
    case 1:
    case 2: { const x = 'early'; return x; }
    default: return 'later';
    case 6: return 'sat';
  }
}
console.log(day(0), day(2), day(5), day(6));
let s = '';
switch (3) { case 1: s += 'a'; case 3: s += 'b'; case 4: s += 'c'; break; case 5: s += 'd'; }
console.log(s);
const obj = { x: 1, y: 2, 3: 'three', 1: 'one' };
for (const k in obj) console.log(k, obj[k]);
for (const ch of 'hey') console.log(ch);
