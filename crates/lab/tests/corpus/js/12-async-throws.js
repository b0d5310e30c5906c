async function fails() {
  console.log("before throw");
  throw "oops";
}
async function main() {
  try {
    await fails();
  } catch (e) {
    console.log("main caught " + e);
  }
  const v = await new Promise((resolve) => setTimeout(() => resolve("late"), 100));
  console.log(v);
}
main().then(() => console.log("main done"));
console.log("main returned a promise");
