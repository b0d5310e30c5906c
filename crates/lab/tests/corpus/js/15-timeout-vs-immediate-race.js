// In the main module Node does not guarantee this order: it depends on whether 1 ms has
// passed when the loop first checks its timers. The code lab says so.
setTimeout(() => console.log("timeout"), 0);
setImmediate(() => console.log("immediate"));
