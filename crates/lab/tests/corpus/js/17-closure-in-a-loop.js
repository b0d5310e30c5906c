// The classic puzzle: `var` gives every callback the same i (3 when they run); `let` gives each
// turn of the loop its own j.
for (var i = 0; i < 3; i++) setTimeout(() => console.log("var", i));
for (let j = 0; j < 3; j++) setTimeout(() => console.log("let", j));
