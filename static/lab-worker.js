// A module Web Worker for the code lab. It loads the program model's own wasm module
// (built from src/bin/lab.rs) and runs each program it is sent, answering with the whole
// recorded run as JSON. Only the lab starts it, so the first page load stays small.
import init, { asyncviz_run_program } from './asyncviz-lab.js';

const ready = init();

self.onmessage = async (event) => {
  const { generation, language, source, example } = event.data;
  try {
    await ready;
    self.postMessage({ generation, answer: asyncviz_run_program(language, source, example || '') });
  } catch (e) {
    self.postMessage({ generation, failed: String(e) });
  }
};
