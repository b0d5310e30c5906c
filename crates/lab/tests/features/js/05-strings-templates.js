const name = 'World';
console.log(`Hello, ${name}! ${1 + 2} ${[1, 2]} ${{}} ${null} ${undefined}`);
console.log(`multi
line`);
const s = '  Mixed Case  ';
console.log(s.trim().toUpperCase(), s.trim().toLowerCase(), s.length, 'abc'.at(-1), 'abc'[1]);
console.log('a,b,c'.split(','), 'abc'.split(''), 'x'.padStart(3, '0'), 'x'.padEnd(3), 'ab'.repeat(3));
console.log('hello'.includes('ell'), 'hello'.startsWith('he'), 'hello'.endsWith('lo'), 'hello'.indexOf('l'));
console.log('hello'.slice(1, -1), 'hello'.substring(3, 1), 'hello'.replace('l', 'L'), 'hello'.replaceAll('l', 'L'));
console.log(['it\'s', "say \"hi\"", 'tab\there', 'new\nline']);
console.log(String(12), String([1, [2, 3]]), Number('42'), Number(''), Number('x'), parseInt('42px'), parseFloat('3.5e2'));
console.log((3.14159).toFixed(2), (2.5).toFixed(0), (1.005).toFixed(2), (0).toFixed(1), (123).toString());
console.log(String(new Error('boom')), `${new TypeError('bad')}`, 'x' + new RangeError('r'));
