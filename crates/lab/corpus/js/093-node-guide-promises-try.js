// Source: Node.js Learn, "Discover Promises in Node.js", section "Promise.try()", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#promisetry
// Changed: Math.random() replaced by the fixed value 0.7 (so mightThrow throws); Node 20 has no Promise.try, so the program dies with a TypeError
function mightThrow() {
  if (0.7 > 0.5) {
    throw new Error('Oops, something went wrong!');
  }
  return 'Success!';
}

Promise.try(mightThrow)
  .then(result => {
    console.log('Result:', result);
  })
  .catch(err => {
    console.error('Caught error:', err.message);
  });
