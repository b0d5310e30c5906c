const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function sequential() {
  for (const ms of [30, 10, 20]) {
    await sleep(ms);
    console.log('seq', ms);
  }
}
async function parallel() {
  const results = await Promise.all([30, 10, 20].map(async (ms) => {
    await sleep(ms + 100);
    console.log('par', ms);
    return ms * 2;
  }));
  console.log(results);
}
async function main() {
  await sequential();
  await parallel();
  let i = 0;
  while (i < 3) {
    await null;
    console.log('while', i++);
  }
  const thenable = { then(resolve) { console.log('then called'); resolve('thenable value'); } };
  console.log(await thenable);
}
main().then(() => console.log('done'));
Promise.resolve().then(() => console.log('micro'));
