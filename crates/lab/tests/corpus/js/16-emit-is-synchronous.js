// emit() calls every listener at once, on the caller's own stack: nothing waits in a queue.
const EventEmitter = require("events");
const orders = new EventEmitter();
orders.on("placed", (id) => console.log("listener sees order", id));
setTimeout(() => console.log("timer"), 0);
Promise.resolve().then(() => console.log("promise job"));
console.log("before emit");
orders.emit("placed", 42);
console.log("after emit");
