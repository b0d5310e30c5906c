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

// This thread's CPU clock, µs. Node 20 has no per-thread CPU clock (process.threadCpuUsage came
// in Node 23.9; /proc/thread-self/schedstat is only brought up to date when the thread is
// descheduled, so a thread spinning on it overshoots). The main thread uses the process's CPU
// time (getrusage, up to date for the running thread), which also counts the garbage
// collector's helper threads; a worker thread shares the process with the loop and the other
// workers, so it uses the wall clock.
const cpuClock = isMainThread
  ? () => {
      const u = process.cpuUsage();
      return u.user + u.system;
    }
  : () => Number(process.hrtime.bigint() / 1000n);

// Busy computation until this thread's clock has advanced `us` µs, so that on the main thread
// a loop sharing a core takes longer, as in the simulation.
function compute(us) {
  const end = cpuClock() + us;
  let x = sink;
  while (cpuClock() < end) {
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
