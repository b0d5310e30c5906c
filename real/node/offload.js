// `event_loop` with `workers` and `offload_cpu`: compute steps go to a pool of worker threads
// (node:worker_threads), and the loop awaits them as it awaits I/O. Each worker runs one step at
// a time; steps wait in order for a free worker.
'use strict';
const { Worker, isMainThread, parentPort } = require('node:worker_threads');

if (!isMainThread) {
  const { compute } = require('./steps');
  parentPort.on('message', (us) => {
    compute(us);
    parentPort.postMessage(us);
  });
} else {
  module.exports = function pool(n) {
    const idle = [];
    const waiting = [];
    const run = (w, job) => {
      w.once('message', () => {
        job.resolve();
        const next = waiting.shift();
        if (next) run(w, next);
        else idle.push(w);
      });
      w.postMessage(job.us);
    };
    for (let i = 0; i < n; i++) idle.push(new Worker(__filename));
    return (us) =>
      new Promise((resolve) => {
        const job = { us, resolve };
        const w = idle.pop();
        if (w) run(w, job);
        else waiting.push(job);
      });
  };
}
