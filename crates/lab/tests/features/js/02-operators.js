let a = 7, b = 2;
console.log(a + b, a - b, a * b, a / b, a % b, a ** b, -a % 3);
console.log(a > b, a < b, a >= 7, a <= 6, a === 7, a !== '7', a == '7', a != 7);
console.log(null == undefined, null === undefined, NaN === NaN, 0 === -0);
console.log('' || 'x', 0 ?? 'y', null ?? 'z', 1 && 2, 0 && 2, !0, !!'a');
console.log(typeof 1, typeof 'a', typeof null, typeof undefined, typeof {}, typeof [], typeof (() => 1), typeof notDeclared);
let c = 1; c += 2; c *= 3; c -= 1; c /= 2; c **= 2; c %= 5;
console.log(c, c++, c, ++c, c--, --c);
let o = { n: 1 }; o.n++; o['n'] += 10; o.m ??= 5; o.n ||= 100; o.z &&= 3;
console.log(o);
console.log(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 4, -16 >> 2, -16 >>> 28);
console.log('b' > 'a', '10' < '9', 10 < 9, 2 + '3', '3' * '4', 1 + null, 1 + undefined, true + 1);
console.log(a > 5 ? 'big' : 'small', 0.1 + 0.2, 1 / 3, 1e21, 123456789012, -0, [-0], 2 ** 53);
class P {}
console.log(new P() instanceof P, [] instanceof Array, 'n' in o, 'q' in o);
console.log(o?.n, o.missing?.deep, o.missing?.f(), void 0);
