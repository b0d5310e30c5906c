import { test, expect } from './base';

// Fenced ```asyncviz blocks become live embeds, in plain HTML and in an mdBook.

test('plain HTML: JSON and TOML blocks, several per page, and a bad block explained', async ({ page }) => {
  await page.goto('/examples/plain-html/');
  await expect(page.locator('iframe.asyncviz-embed')).toHaveCount(3);
  const [one, two, three] = [0, 1, 2].map((i) => page.frameLocator('iframe.asyncviz-embed').nth(i));
  await expect(one.locator('.caption')).toHaveText('Six threads against one loop');
  // The block chose its views (timeline, metrics): sides, no flow.
  await expect(one.locator('section.side')).toHaveCount(2);
  await expect(one.locator('figure.flow')).toHaveCount(0);
  await expect(one.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(one.getByRole('img', { name: /Runtime diagram/ })).toHaveCount(0);
  await expect(two.locator('.caption')).toHaveText('202 Accepted, then the workers');
  // No views chosen: the flow, by default.
  await expect(two.locator('figure.flow .flow-title').first()).toContainText('Queue + workers');
  await expect(three.getByRole('alert')).toContainText('block: workload.arrivals.poisson.rate_per_s: expected a number');
  await one.getByRole('button', { name: 'Step forward' }).click();
  await expect(one.getByLabel('Simulation time')).not.toHaveText('0.0 ms');
});

test('mdBook: the example book embeds every block', async ({ page }) => {
  await page.goto('/examples/mdbook/book/blocking.html');
  await expect(page.locator('iframe.asyncviz-embed')).toHaveCount(2);
  const first = page.frameLocator('iframe.asyncviz-embed').first();
  await expect(first.locator('.caption')).toHaveText('Ten threads against one event loop');
  await expect(first.locator('figure.flow')).toHaveCount(2);
  const second = page.frameLocator('iframe.asyncviz-embed').nth(1);
  await expect(second.locator('section.side h2')).toContainText('Event loop');
  // The iframe grows to fit its content: nothing is cut off.
  const frame = page.locator('iframe.asyncviz-embed').first();
  const inner = await page.frameLocator('iframe.asyncviz-embed').first().locator('html').evaluate((e) => e.scrollHeight);
  await expect.poll(async () => Number(await frame.getAttribute('height'))).toBeGreaterThanOrEqual(inner);
  await page.goto('/examples/mdbook/book/queues.html');
  await expect(page.frameLocator('iframe.asyncviz-embed').first().locator('figure.flow')).toHaveCount(2);
});

test('on a Korean page the loader titles its iframes in Korean and the embeds speak Korean', async ({ page }) => {
  // The example page is English; make its <html lang> Korean as soon as the parser creates it.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const html = document.documentElement;
      if (html && html.lang !== 'ko') html.lang = 'ko';
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/examples/plain-html/');
  const frames = page.locator('iframe.asyncviz-embed');
  await expect(frames).toHaveCount(3);
  await expect(frames.first()).toHaveAttribute('title', 'asyncviz 시뮬레이션 1');
  await expect(frames.nth(2)).toHaveAttribute('title', 'asyncviz 시뮬레이션 3');
  await expect(frames.first()).toHaveAttribute('src', /[?&]lang=ko&/);
  const one = page.frameLocator('iframe.asyncviz-embed').first();
  await expect(one.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(one.getByRole('button', { name: '재생', exact: true })).toBeVisible();
});
