Promise.reject("bad")
  .finally(() => console.log("finally sees nothing"))
  .catch((e) => console.log("caught " + e))
  .then(() => console.log("recovered"));
Promise.resolve()
  .then(() => console.log("x1"))
  .then(() => console.log("x2"))
  .then(() => console.log("x3"))
  .then(() => console.log("x4"));
