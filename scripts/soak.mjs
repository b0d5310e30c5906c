// Soak: the overload preset at 1000x for ten minutes (replayed whenever a run ends), with the
// flow view on. Every 10 s it samples the JS heap (Chromium's precise memory info, after a
// garbage collection), the wasm module's memory and the frame intervals since the last sample.
// It passes when memory stops growing after the first minute (at most 10 % from minute 1 to
// the end) and the last minute's frame p95 is no worse than the first's (with 2 ms for noise).
//
//   node scripts/soak.mjs URL [MINUTES]     e.g. after `bash scripts/serve.sh --release`:
//   node scripts/soak.mjs http://127.0.0.1:8080/ 10
import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';

const url = process.argv[2];
const minutes = Number(process.argv[3] || 10);
if (!url || !(minutes >= 2)) {
  console.error('usage: node scripts/soak.mjs URL [MINUTES, at least 2]');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run',
         '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto(url);
await page.getByLabel('Scenario').selectOption('overload');
await page.getByLabel('Speed').fill('12'); // 1000x
const speed = await page.locator('.speed output').textContent();
await page.evaluate(() => {
  window.__frames = [];
  const tick = (t) => { window.__frames.push(t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
});
const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0; };
const samples = [];
let replays = 0;
const start = Date.now();
let last = 0;
while (Date.now() - start < minutes * 60_000) {
  // Keep it playing: a run that has ended starts again (Play replays from the start).
  const play = page.getByRole('button', { name: 'Play', exact: true });
  if (await play.count()) { await play.click(); replays++; }
  await page.waitForTimeout(1_000);
  const t = (Date.now() - start) / 1000;
  if (t - last < 10) continue;
  last = t;
  const s = await page.evaluate(() => {
    if (globalThis.gc) globalThis.gc();
    const f = window.__frames.splice(0);
    const gaps = [];
    for (let i = 1; i < f.length; i++) gaps.push(f[i] - f[i - 1]);
    return { heap: performance.memory.usedJSHeapSize, wasm: globalThis.asyncviz.memoryBytes(), gaps };
  });
  samples.push({ t, heap: s.heap, wasm: s.wasm, p95: q(s.gaps, 0.95), n: s.gaps.length });
  console.log(`  ${t.toFixed(0).padStart(4)} s: JS heap ${(s.heap / 1e6).toFixed(1)} MB, wasm ${(s.wasm / 1e6).toFixed(1)} MB, frame p95 ${q(s.gaps, 0.95).toFixed(1)} ms over ${s.gaps.length} frames`);
}
await browser.close();
const at = (sec) => samples.reduce((best, s) => (Math.abs(s.t - sec) < Math.abs(best.t - sec) ? s : best));
const m1 = at(60);
const end = samples[samples.length - 1];
const firstMinute = samples.filter((s) => s.t <= 60).map((s) => s.p95);
const lastMinute = samples.filter((s) => s.t > end.t - 60).map((s) => s.p95);
const heapGrowth = (end.heap - m1.heap) / m1.heap;
const wasmGrowth = (end.wasm - m1.wasm) / m1.wasm;
const p95First = Math.max(...firstMinute);
const p95Last = Math.max(...lastMinute);
console.log(`preset overload at ${speed} for ${minutes} min, ${replays} replays`);
console.log(`  JS heap: ${(m1.heap / 1e6).toFixed(1)} MB at minute 1, ${(end.heap / 1e6).toFixed(1)} MB at the end (${(100 * heapGrowth).toFixed(1)} %)`);
console.log(`  wasm memory: ${(m1.wasm / 1e6).toFixed(1)} MB at minute 1, ${(end.wasm / 1e6).toFixed(1)} MB at the end (${(100 * wasmGrowth).toFixed(1)} %)`);
console.log(`  frame p95 (worst 10 s sample): first minute ${p95First.toFixed(1)} ms, last minute ${p95Last.toFixed(1)} ms`);
const ok = heapGrowth <= 0.10 && wasmGrowth <= 0.10 && p95Last <= p95First + 2;
console.log(ok ? 'soak: passed' : 'soak: FAILED (memory grew more than 10 % after the first minute, or frames got slower)');
process.exit(ok ? 0 : 1);
