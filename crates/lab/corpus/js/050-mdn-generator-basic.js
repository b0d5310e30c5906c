// Source: MDN, function*, "Try it", https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Statements/function*
// Changed: unchanged
function* generator(i) {
  yield i;
  yield i + 10;
}

const gen = generator(10);

console.log(gen.next().value);
// Expected output: 10

console.log(gen.next().value);
// Expected output: 20
