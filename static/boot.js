// Starts the app. A file of its own rather than an inline script, so that the
// page works under `Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'`.
import init, { asyncviz_start } from './asyncviz-app.js';

const wasm = await init({ module_or_path: new URL('./asyncviz-app_bg.wasm', import.meta.url) });
// Read-only, for the soak benchmark (scripts/soak.mjs): how big the module's memory has grown.
globalThis.asyncviz = Object.freeze({ memoryBytes: () => wasm.memory.buffer.byteLength });
// Let the page draw a frame between finishing the module and the first render, so that the two
// do not add up to one long task (a hidden page gets no frame: 50 ms at most).
await new Promise((resolve) => { requestAnimationFrame(() => resolve()); setTimeout(resolve, 50); });
asyncviz_start();
