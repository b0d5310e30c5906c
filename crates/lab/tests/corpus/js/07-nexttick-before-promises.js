Promise.resolve().then(() => console.log("promise"));
process.nextTick(() => console.log("nextTick"));
setImmediate(() => console.log("immediate"));
setTimeout(() => console.log("timeout 50"), 50);
console.log("sync");
