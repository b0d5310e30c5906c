// Frame intervals while the heaviest preset plays at 100x with the flow view on (it is always
// on, first on the page): the p95 of the gaps between requestAnimationFrame callbacks, in
// headless Chromium. Then the same with about ten times as many requests in flight (a link:
// the overload preset at 2,000 requests a second).
import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';

const url = process.argv[2];
const executablePath = process.env.CHROMIUM || execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const heavy = {
  common: { seed: 13, duration_ms: 120000, cores: 4,
    workload: { arrivals: { poisson: { rate_per_s: 2000 } }, steps: [{ cpu_ms: 1 }, { io_ms: { exp: 100 } }] } },
  models: [{ thread_pool: { threads: 50, queue: null } }, { event_loop: { flavor: 'node' } }],
};
for (const [name, at] of [['preset overload', null], ['overload at 2,000 requests a second', heavy]]) {
if (at) {
  await page.goto(`${url}?s=${Buffer.from(JSON.stringify(at)).toString('base64url')}`);
} else {
  await page.goto(url);
  await page.getByLabel('Scenario').selectOption('overload');
}
const speeds = await page.getByLabel('Speed').getAttribute('max');
await page.getByLabel('Speed').fill('9'); // 100x
const speed = await page.locator('.speed output').textContent();

const gaps = [];
let inFlightMin = Infinity;
for (let round = 0; round < 4; round++) {
  // The scrubber reaches as far as the run is known: wait until it reaches 20 s.
  for (let i = 0; i < 300 && Number(await page.getByLabel('Seek').getAttribute('max')) < 20000; i++) await page.waitForTimeout(100);
  await page.getByLabel('Seek').fill('20000');
  const inFlight = async () => (await page.locator('text.summary').allTextContents())
    .map((t) => Number((t.match(/in flight (\d+)/) || [0, 0])[1])).reduce((a, b) => a + b, 0);
  inFlightMin = Math.min(inFlightMin, await inFlight());
  await page.evaluate(() => {
    window.__frames = [];
    window.__recording = true;
    const tick = (t) => { if (!window.__recording) return; window.__frames.push(t); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(900); // 90 s of simulated time at 100x: still overloaded
  inFlightMin = Math.min(inFlightMin, await inFlight());
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const frames = await page.evaluate(() => { window.__recording = false; return window.__frames.splice(0); });
  for (let i = 1; i < frames.length; i++) gaps.push(frames[i] - frames[i - 1]);
}
gaps.sort((a, b) => a - b);
const q = (p) => gaps[Math.min(gaps.length - 1, Math.ceil(p * gaps.length) - 1)];
console.log(`  ${name} at ${speed} (speed index 9 of ${speeds}), flow view on; requests in flight across both sides: at least ${inFlightMin}`);
const slow = gaps.filter((g) => g > 16.7).length;
console.log(`  ${gaps.length} frame intervals: p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${gaps[gaps.length - 1].toFixed(1)} ms; ${(100 * slow / gaps.length).toFixed(1)}% over 16.7 ms (target p95 <= 16.7 ms)`);
}
await browser.close();
