// A module Web Worker that runs the same Rust CPU job as the page, off the
// main thread ("Run in a worker"). It loads the app's own wasm module; the
// app's start function sees no window here and mounts nothing.
import init, { asyncviz_cpu_job } from './asyncviz-app.js';

const ready = init();

self.onmessage = async (event) => {
  await ready;
  const t0 = performance.now();
  const result = asyncviz_cpu_job(event.data.rounds);
  self.postMessage({ result, ms: performance.now() - t0 });
};
