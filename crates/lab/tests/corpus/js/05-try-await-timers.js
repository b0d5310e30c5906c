setTimeout(() => {
  setTimeout(() => console.log("timeout"), 0);
  setImmediate(() => console.log("immediate"));
}, 10);
async function main() {
  try {
    await Promise.reject("boom");
  } catch (e) {
    console.log("caught " + e);
  }
  await new Promise(r => setTimeout(r, 50));
  console.log("after sleep");
  setTimeout(() => console.log("t100"), 100);
  setTimeout(() => console.log("t50"), 50);
}
main();
