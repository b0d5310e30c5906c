const obj = { a: 1 };
const { a, ...rest } = obj;
console.log(a, rest, typeof rest);
console.log([1, 2, 3].includes(NaN), [NaN].includes(NaN), [NaN].indexOf(NaN));
console.log(0.1 * 3, 100 / 3, 5e-7, 123e20, 2**31, -(2**31) | 0, 7 / 0, -7 / 0, 0 / 0);
console.log([3, 20, 100].sort(), [..."héllo"].length);
console.log('abc' < 'abd', 'B' < 'a', [2] == 2, null == 0, undefined == 0, '' == 0, '0' == false);
console.log(typeof NaN, typeof class {}, typeof null);
