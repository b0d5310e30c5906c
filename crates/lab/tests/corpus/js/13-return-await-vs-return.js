async function direct() { return "direct"; }
async function viaPromise() { return Promise.resolve("via promise"); }
async function viaAwait() { return await Promise.resolve("via await"); }
viaPromise().then(console.log);
viaAwait().then(console.log);
direct().then(console.log);
