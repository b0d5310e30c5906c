// Starts the app. A file of its own rather than an inline script, so that the
// page works under `Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'`.
import init from './asyncviz-app.js';

await init({ module_or_path: new URL('./asyncviz-app_bg.wasm', import.meta.url) });
