// Frame intervals while the heaviest preset plays at 100x: the p95 of the
// gaps between requestAnimationFrame callbacks, in headless Chromium.
import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';

const url = process.argv[2];
const executablePath = process.env.CHROMIUM || execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto(url);
await page.getByLabel('Scenario').selectOption('overload');
const speeds = await page.getByLabel('Speed').getAttribute('max');
await page.getByLabel('Speed').fill('9'); // 100x
const speed = await page.locator('.speed output').textContent();

const gaps = [];
let inFlightMin = Infinity;
for (let round = 0; round < 4; round++) {
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
console.log(`  preset overload at ${speed} (speed index 9 of ${speeds}); requests in flight across both sides: at least ${inFlightMin}`);
const slow = gaps.filter((g) => g > 20).length;
console.log(`  ${gaps.length} frame intervals: p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${gaps[gaps.length - 1].toFixed(1)} ms; ${(100 * slow / gaps.length).toFixed(1)}% over 20 ms (target p95 <= 20 ms)`);
await browser.close();
