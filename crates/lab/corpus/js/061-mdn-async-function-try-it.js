// Source: MDN, async function, "Try it", https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Statements/async_function
// Changed: the 2000 ms delay shortened to 200 ms
function resolveAfter2Seconds() {
  return new Promise((resolve) => {
    setTimeout(() => {
      resolve("resolved");
    }, 200);
  });
}

async function asyncCall() {
  console.log("calling");
  const result = await resolveAfter2Seconds();
  console.log(result);
  // Expected output: "resolved"
}

asyncCall();
