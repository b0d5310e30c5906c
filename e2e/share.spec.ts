import { test, expect } from './base';

// State in the URL, "Share", and embed mode.

test('a copied link reproduces exactly what is shown', async ({ page, context, sim }) => {
  await page.goto('./');
  await sim.playing.click();
  await page.getByLabel('Model for side B').selectOption('virtual_threads');
  await page.locator('#f-workload-arrivals-poisson-rate_per_s').fill('90');
  await page.getByLabel('Seek').fill('1234');
  await page.keyboard.press('Escape');
  await page.locator('h1').click();
  await page.keyboard.press('+');
  await expect(page.getByLabel('Simulation time')).toHaveText('1234.0 ms');
  const summary = await page.locator('text.summary').allTextContents();
  await page.getByRole('button', { name: 'Share…' }).click();
  const link = await page.getByLabel('Link', { exact: true }).inputValue();
  expect(link).toContain('/docs/nested/asyncviz/?s=');
  expect(page.url()).toContain('?s='); // the address bar follows too

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByLabel('Simulation time')).toHaveText('1234.0 ms');
  await expect(other.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(other.locator('section.side h2').nth(1)).toContainText('Virtual threads');
  await expect(other.locator('#f-workload-arrivals-poisson-rate_per_s')).toHaveValue('90');
  await expect(other.locator('.speed output')).toHaveText('2×');
  expect(await other.locator('text.summary').allTextContents()).toEqual(summary);
});

test('embed mode: no page chrome, chosen views, paused, caption, a way out', async ({ page, sim }) => {
  await page.goto('./');
  await sim.playing.click();
  await page.getByRole('button', { name: 'Share…' }).click();
  const snippet = await page.getByLabel('Embed code').inputValue();
  const src = snippet.match(/src="([^"]+)"/)![1].replace(/&amp;/g, '&');
  expect(snippet).toMatch(/^<iframe src="[^"]+" title="asyncviz: Blocking vs non-blocking/);
  await page.goto(`${src}&views=timeline,log&caption=${encodeURIComponent('Watch the threads')}`);
  await expect(page.locator('.caption')).toHaveText('Watch the threads');
  await expect(sim.scenario).toHaveCount(0);
  await expect(sim.paused).toBeVisible();
  await expect(page.getByRole('list', { name: 'Timeline lanes' })).toHaveCount(2);
  await expect(page.getByRole('img', { name: /Runtime diagram/ })).toHaveCount(0);
  await expect(page.getByRole('log')).toBeVisible();
  await expect(page.getByRole('link', { name: /Open in asyncviz/ })).toHaveAttribute('href', /^\?s=/);
  await page.setViewportSize({ width: 720, height: 900 });
  await sim.stepForward();
  await page.screenshot({ path: 'target/screenshots/embed.png', fullPage: true });
});

test('a link that cannot be read says why and shows the default', async ({ page, sim }) => {
  await page.goto('./?s=not-a-scenario!&t=-3&speed=fast');
  await expect(page.getByRole('alert')).toContainText('could not be read');
  await expect(sim.sides).toHaveCount(2);
  const bad = Buffer.from(JSON.stringify({ common: { workload: { arrivals: { poisson: { rate_per_s: 5 } }, steps: [{ cpu_ms: 1 }] } },
    models: [{ thread_pool: { threads: 0 } }] })).toString('base64url');
  await page.goto(`./?s=${bad}`);
  await expect(page.getByRole('alert')).toContainText('model.thread_pool.threads: must be at least 1');
});

test('export: the event trace as JSON Lines and the timeline as a standalone SVG', async ({ page, sim }) => {
  await page.goto('./');
  await sim.playing.click();
  await sim.reset();
  await sim.stepForward(20);
  await page.getByRole('button', { name: 'Share…' }).click();
  const [trace] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download event trace (JSON Lines)' }).click(),
  ]);
  expect(trace.suggestedFilename()).toBe('asyncviz-trace.jsonl');
  const lines = (await require('node:fs').promises.readFile(await trace.path(), 'utf8')).trim().split('\n').map((l: string) => JSON.parse(l));
  expect(lines.length).toBe(20);
  expect(lines[0].event.what[0]).toEqual({ type: 'arrived', req: 1 });
  expect(new Set(lines.map((l: any) => l.side))).toEqual(new Set(['A', 'B']));
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download timeline (SVG)' }).click(),
  ]);
  const text = await require('node:fs').promises.readFile(await svg.path(), 'utf8');
  expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(text).toContain('Side A: Thread per request');
  expect(text).toContain('class="bar st-');
  await require('node:fs').promises.writeFile('target/screenshots/timeline-export.svg', text);
});
