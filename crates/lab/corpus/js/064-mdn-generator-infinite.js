// Source: MDN, function*, "Infinite iterator", https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Statements/function*#infinite_iterator
// Changed: unchanged
function* infinite() {
  let index = 0;

  while (true) {
    yield index++;
  }
}

const generator = infinite(); // "Generator { }"

console.log(generator.next().value); // 0
console.log(generator.next().value); // 1
console.log(generator.next().value); // 2
// …
