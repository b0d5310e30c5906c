// The steps of one request, as `asyncviz real` sends them: "c2000,i50000,b15000" means compute
// for 2000 µs of CPU time, await I/O for 50000 µs, then block the thread for 15000 µs.
'use strict';
const { setTimeout: sleep } = require('node:timers/promises');
const { isMainThread } = require('node:worker_threads');

function parse(text) {
  if (typeof text !== 'string' || text === '') throw new Error('expected ?steps=');
  return text.split(',').map((s) => {
    const us = Number(s.slice(1));
    if (!'cib'.includes(s[0]) || s.length < 2 || !Number.isInteger(us) || us < 0) {
      throw new Error(`bad step ${JSON.stringify(s)}`);
    }
    return [s[0], us];
  });
}

let sink = 0;
// Busy computation for `us` µs of CPU time. On the main thread that is the process's CPU time
// (user + system: Node's JavaScript runs on one thread, plus whatever the garbage collector's
// helper threads use meanwhile). Node 20 has no per-thread CPU clock, so a worker thread, which
// shares the process with the loop and other workers, spins on the wall clock instead.
function compute(us) {
  const cpu = isMainThread
    ? () => {
        const u = process.cpuUsage();
        return u.user + u.system;
      }
    : () => Number(process.hrtime.bigint() / 1000n);
  const end = cpu() + us;
  let x = sink;
  while (cpu() < end) {
    for (let i = 0; i < 200; i++) x = (x * 1103515245 + 12345) | 0;
  }
  sink = x;
}

const blocker = new Int32Array(new SharedArrayBuffer(4));
// A synchronous wait that holds the thread (like fs.readFileSync on a slow disk).
function block(us) {
  Atomics.wait(blocker, 0, 0, us / 1000);
}

// Performs the steps: I/O is an awaited timer, so the loop serves others meanwhile; with
// `offload` (a function returning a promise), compute steps are awaited there too.
async function perform(steps, offload) {
  for (const [kind, us] of steps) {
    if (kind === 'c') {
      if (offload) await offload(us);
      else compute(us);
    }
    else if (kind === 'i') await sleep(us / 1000);
    else block(us);
  }
}

module.exports = { parse, compute, perform };
