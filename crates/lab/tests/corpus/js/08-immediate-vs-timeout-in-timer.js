// Inside a timer callback the order is guaranteed: the check phase comes first.
setTimeout(() => {
  setTimeout(() => console.log("timeout"), 0);
  setImmediate(() => console.log("immediate"));
}, 0);
