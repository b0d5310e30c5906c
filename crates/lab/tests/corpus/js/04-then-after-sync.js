// Event Loop Explorer printed the .then callback before the synchronous line after it.
// A then callback is a job: it runs only when the script has finished.
const p = new Promise((resolve) => {
  console.log("executor runs synchronously");
  resolve("value");
});
p.then((v) => console.log("then sees " + v));
console.log("sync line after then");
