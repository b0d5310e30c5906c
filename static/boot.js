// Starts the app. A file of its own rather than an inline script, so that the
// page works under `Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'`.
import init, { asyncviz_start } from './asyncviz-app.js';

await init({ module_or_path: new URL('./asyncviz-app_bg.wasm', import.meta.url) });
// Let the page draw a frame between finishing the module and the first render, so that the two
// do not add up to one long task (a hidden page gets no frame: 50 ms at most).
await new Promise((resolve) => { requestAnimationFrame(() => resolve()); setTimeout(resolve, 50); });
asyncviz_start();
