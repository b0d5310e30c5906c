setImmediate(() => {
  console.log("immediate 1");
  Promise.resolve().then(() => console.log("promise inside immediate 1"));
  process.nextTick(() => console.log("tick inside immediate 1"));
});
setImmediate(() => console.log("immediate 2"));
