// The closure-in-a-loop puzzle: `let` gets a binding per iteration, `var` one for the function.
for (let i = 0; i < 3; i++) setTimeout(() => console.log(i));
for (var j = 0; j < 3; j++) setTimeout(() => console.log(j));
const fs = [];
for (let k = 0; k < 3; k++) { fs.push(() => k); k += 0; }
console.log(fs.map((f) => f()).join(' '));
for (const x of [10, 20]) setTimeout(() => console.log('of', x), 5);
