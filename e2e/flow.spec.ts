import { test, expect, Page } from './base';
import * as fs from 'node:fs';

// The flow view (issue 15): each side's requests as tokens that travel, a pile of the turned
// away, a burst the reader sends first, one line that compares the sides, and a phone layout
// that shows both flows on the first screen. Where each token sits is tested natively against
// the engine (src/flow.rs); here, what a reader sees and does.

/** The scenario the address bar holds now (the app keeps it in sync), as JSON. */
async function linked(page: Page) {
  const s = new URL(page.url()).searchParams.get('s');
  expect(s, 'the address bar holds the scenario').toBeTruthy();
  return JSON.parse(Buffer.from(s!, 'base64url').toString('utf8'));
}

/** Side `n`'s rejected count as its metrics panel says. */
async function rejected(page: Page, n: number) {
  const dd = page.locator('section.side').nth(n).locator('.metrics dt', { hasText: /^Rejected$/ }).locator('xpath=following-sibling::dd');
  return parseInt((await dd.textContent()) ?? '', 10);
}

test('the landing page opens on the flows, invites a burst, and says what each flow shows', async ({ page, sim }) => {
  await page.goto('./');
  await expect(page.locator('.tagline')).toHaveText(/^Press Send a burst/);
  await expect(sim.flows).toHaveCount(2);
  await expect(sim.burst).toBeVisible();
  // The flows are the first thing on the page: above the fold of a laptop screen.
  await page.setViewportSize({ width: 1280, height: 800 });
  for (let i = 0; i < 2; i++) {
    const box = (await sim.flow(i).boundingBox())!;
    expect(box.y + box.height, `flow ${i} inside the first screen`).toBeLessThanOrEqual(800);
  }
  await sim.pause();
  await expect(sim.flow(0)).toHaveAttribute('aria-label',
    /^Request flow, Thread per request: \d+ queued, \d+ of \d+ threads held, \d+ turned away$/);
  await expect(sim.compare).toHaveText(/^A · Thread per request: \d+ turned away, p95 .+\. B · Event loop: \d+ turned away, p95 .+\.$/);
});

test('a burst adds exactly N requests to every side, now, and survives a reload of the link', async ({ page, sim }) => {
  await page.goto('./?preset=blocking-vs-nonblocking');
  await sim.pause();
  await sim.stepForward(30);
  const at = await sim.ms();
  await sim.burstSize.fill('120');
  await sim.burstSize.dispatchEvent('change');
  await sim.burst.click();
  await expect.poll(async () => (await linked(page)).common?.workload?.bursts).toEqual([{ at_ms: expect.any(Number), count: 120 }]);
  const s = await linked(page);
  expect(Math.abs(s.common.workload.bursts[0].at_ms - at)).toBeLessThan(0.2);
  expect(await sim.ms(), 'the moment is kept').toBeCloseTo(at, 0);
  // The link, a millisecond on, against the same link without the burst: the event loop holds
  // every one of the 120 at once (its queue has no limit), the pool takes or turns away each.
  const inFlight = async (n: number) => parseInt((await page.locator('section.side').nth(n)
    .locator('.metrics dt', { hasText: 'In flight now / mean' }).locator('xpath=following-sibling::dd').textContent())!, 10);
  const link = (scenario: any) => `./?s=${Buffer.from(JSON.stringify(scenario)).toString('base64url')}&t=${at + 1}&speed=1`;
  const plain = JSON.parse(JSON.stringify(s));
  delete plain.common.workload.bursts;
  const counts = async (url: string) => {
    await page.goto(url);
    await expect.poll(() => sim.ms()).toBeCloseTo(at + 1, 0);
    await sim.pause();
    return [await inFlight(0), await rejected(page, 0), await inFlight(1)];
  };
  const [poolWith, rejWith, loopWith] = await counts(link(s));
  const [poolWithout, rejWithout, loopWithout] = await counts(link(plain));
  expect(loopWith - loopWithout, 'the event loop holds all 120').toBe(120);
  expect(poolWith - poolWithout + rejWith - rejWithout, 'the pool queues or turns away each of the 120').toBe(120);
  // The same link, reloaded, holds the same burst.
  await page.goto(link(s));
  expect((await linked(page)).common.workload.bursts).toEqual(s.common.workload.bursts);
  // A burst out of range is refused in the field, which goes back to what is in force.
  await sim.burstSize.fill('0');
  await sim.burstSize.dispatchEvent('change');
  await expect(sim.burstSize).toHaveValue('50');
  await expect(page.getByRole('alert').filter({ hasText: 'Requests in a burst: a whole number from 1 to 10000; kept 50.' })).toBeVisible();
});

test('the pile counts exactly the requests each side turned away, and the comparison agrees', async ({ page, sim }) => {
  await page.goto('./?preset=blocking-vs-nonblocking');
  await sim.pause();
  await expect(page.getByRole('slider', { name: 'Seek' })).toHaveAttribute('max', /^[1-9]\d{3,}/);
  await page.getByRole('slider', { name: 'Seek' }).fill('4000');
  await expect.poll(() => sim.ms()).toBeGreaterThan(3990);
  const n = await sim.flows.count();
  let any = 0;
  for (let i = 0; i < n; i++) {
    const pile = await sim.pile(i);
    expect(pile, `side ${i}`).toBe(await rejected(page, i));
    await expect(sim.flow(i)).toHaveAttribute('aria-label', new RegExp(`, ${pile} turned away$`));
    any += pile;
  }
  expect(any, 'the blocking pool turns requests away').toBeGreaterThan(0);
  const line = (await sim.compare.textContent())!;
  for (let i = 0; i < n; i++) expect(line).toContain(`: ${await sim.pile(i)} turned away`);
});

test('motion only while playing, and never with reduced motion', async ({ page, sim }) => {
  await page.goto('./?preset=blocking-vs-nonblocking');
  await sim.pause();
  await expect(sim.flow(0)).toHaveAttribute('data-motion', 'off');
  await sim.playing.or(sim.paused).click();
  await expect(sim.flow(0)).toHaveAttribute('data-motion', 'on');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('./?preset=blocking-vs-nonblocking');
  await sim.paused.click();
  await expect(sim.playing).toBeVisible();
  await expect(sim.flow(0)).toHaveAttribute('data-motion', 'off');
  await expect(sim.flow(1)).toHaveAttribute('data-motion', 'off');
});

for (const [w, h] of [[390, 844], [360, 740]]) {
  test(`${w} px: no horizontal scrolling, both flows and the burst on the first screen, targets of 24 px`, async ({ page, sim }) => {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('./');
    await expect(sim.flows).toHaveCount(2);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
    for (let i = 0; i < 2; i++) {
      const box = (await sim.flow(i).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(w);
      expect(box.y + box.height, `flow ${i} on the first screen`).toBeLessThanOrEqual(h);
    }
    const targets = page.locator('.controls button, .glance button, .glance input, .top select, .tabs a');
    for (const t of await targets.all()) {
      if (!(await t.isVisible())) continue;
      const b = (await t.boundingBox())!;
      expect(Math.min(b.width, b.height), `${await t.evaluate((e) => e.outerHTML.slice(0, 60))}`).toBeGreaterThanOrEqual(24);
    }
    await page.screenshot({ path: `target/screenshots/phone-${w}.png` });
  });
}

test('every preset\'s flow view, at a moment that tells its story', async ({ page, sim }) => {
  test.setTimeout(180_000);
  fs.mkdirSync('target/screenshots', { recursive: true });
  await page.goto('./');
  for (const id of await sim.presetIds()) {
    await page.goto(`./?preset=${id}`);
    await sim.pause();
    // Halfway through the arrivals: queues have filled and piles have grown where they will.
    const max = Number(await page.getByRole('slider', { name: 'Seek' }).getAttribute('max'));
    await page.getByRole('slider', { name: 'Seek' }).fill(String(Math.round(max * 0.4)));
    await expect.poll(() => sim.ms(), id).toBeGreaterThan(max * 0.4 - 20);
    await page.locator('.flows').screenshot({ path: `target/screenshots/flow-${id}.png` });
  }
});

test('a preset side a real server ran says what the reality check measured there', async ({ page }) => {
  await page.goto('./?preset=blocking-vs-nonblocking');
  const sides = page.locator('section.side');
  await expect(sides.nth(0).locator('.measured')).toHaveText(
    /^Measured on real Java .+, the same \d+ requests on \d+ cores: \d+\/s, p50 .+ \(simulated: \d+\/s, p50 .+\)\.$/);
  await expect(sides.nth(1).locator('.measured')).toContainText('Measured on real Express');
  // A side whose model was changed is no longer what was measured.
  await page.getByLabel('Model for side B').selectOption('virtual_threads');
  await expect(sides.nth(1).locator('.measured')).toHaveCount(0);
});
