// Source: MDN, setTimeout(), "Working with asynchronous functions", https://developer.mozilla.org/en-US/docs/Web/API/Window/setTimeout#working_with_asynchronous_functions
// Changed: delays divided by 10 (5000/3000/1000 ms become 500/300/100 ms)
setTimeout(() => {
  console.log("this is the first message");
}, 500);
setTimeout(() => {
  console.log("this is the second message");
}, 300);
setTimeout(() => {
  console.log("this is the third message");
}, 100);

// Output:

// this is the third message
// this is the second message
// this is the first message
