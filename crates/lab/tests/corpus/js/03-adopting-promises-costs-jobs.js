async function f() { return Promise.resolve(1) }
f().then(v => console.log("f", v));
Promise.resolve().then(() => console.log("a")).then(() => console.log("b")).then(() => console.log("c")).then(() => console.log("d"));
Promise.resolve(2).finally(() => console.log("fin")).then(v => console.log("after finally", v));
Promise.reject("x").catch(e => console.log("caught", e)).then(() => console.log("then after catch"));
new Promise(r => r(Promise.resolve("adopt"))).then(v => console.log(v));
queueMicrotask(() => { console.log("qm"); process.nextTick(() => console.log("tick from qm")) });
process.nextTick(() => { console.log("tick1"); Promise.resolve().then(() => console.log("p from tick")) });
