import { test, expect, Page } from './base';

// The request handler beside each simulation: the line the followed request is at.
test.beforeEach(async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('section.side')).toHaveCount(2);
  await page.getByLabel('Scenario').selectOption('blocking-vs-nonblocking');
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.count()) await pause.click();
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByLabel('Simulation time')).toHaveText('0.0 ms');
});

const side = (page: Page, n: number) => page.locator('section.side').nth(n);
const handler = (page: Page, n: number) => side(page, n).locator('figure.handler');
const current = (page: Page, n: number) => handler(page, n).locator('[aria-current="step"]');
const status = (page: Page, n: number) => handler(page, n).locator('.handler-status');
const step = (page: Page) => page.getByRole('button', { name: 'Step forward' }).click();

test('the highlighted line follows the request as the engine steps', async ({ page }) => {
  await expect(handler(page, 0).locator('figcaption')).toHaveText('Spring MVC controller (Tomcat, blocking)');
  await expect(handler(page, 1).locator('figcaption')).toHaveText('Express handler (Node.js)');
  await expect(handler(page, 1)).toContainText('await Promise.all([');
  await expect(status(page, 1)).toHaveText('No request in flight');
  await expect(current(page, 1)).toHaveCount(0);
  // Step until request #1 runs on the event loop.
  for (let i = 0; i < 20 && !(await current(page, 1).count()); i++) await step(page);
  await expect(current(page, 1)).toHaveCount(1);
  const lines = new Set<string>();
  const states = new Set<string>();
  for (let i = 0; i < 40; i++) {
    if (await current(page, 1).count()) lines.add((await current(page, 1).textContent()) ?? '');
    states.add((await status(page, 1).textContent()) ?? '');
    await step(page);
  }
  expect(lines.size, [...lines].join('\n')).toBeGreaterThan(1);
  expect([...states].some((s) => /awaiting I\/O on line \d+ — no thread is held/.test(s)), [...states].join('\n')).toBe(true);
  expect([...lines].some((l) => l.includes('await Promise.all('))).toBe(true);
  // The blocking side: the thread waits on the JDBC call with the request.
  await expect(handler(page, 0).locator('.cl').filter({ hasText: 'orderRepository.findById(id)' })).toHaveCount(1);
});

test('following a request by number, by clicking its token, and an invalid number', async ({ page }) => {
  for (let i = 0; i < 30; i++) await step(page);
  const follow = side(page, 1).getByRole('textbox', { name: 'Follow request' });
  await follow.fill('2');
  await expect(status(page, 1)).toContainText('Request #2');
  await expect(status(page, 0)).toContainText('Request #2');
  await expect(side(page, 0).getByRole('textbox', { name: 'Follow request' })).toHaveValue('2');
  await follow.fill('500');
  await expect(status(page, 1)).toHaveText('Request #500 has not arrived yet');

  // Click a request in side A's diagram: it becomes the followed request everywhere.
  const tokens = side(page, 0).getByRole('button', { name: /^Follow request #\d+$/ });
  await expect(tokens.first()).toBeVisible();
  const name = (await tokens.last().getAttribute('aria-label'))!;
  const id = name.match(/#(\d+)/)![1];
  await tokens.last().click();
  await expect(follow).toHaveValue(id);
  await expect(status(page, 0)).toContainText(`#${id}`);
  await expect(side(page, 0).getByRole('button', { name, exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(side(page, 0).locator('.tok-ring, .lane-ring')).toHaveCount(1);

  // Enter on a focused token selects it too.
  const first = side(page, 1).getByRole('button', { name: /^Follow request #\d+$/ }).first();
  const other = (await first.getAttribute('aria-label'))!.match(/#(\d+)/)![1];
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(follow).toHaveValue(other);

  // Bad input keeps the text, names the field and the reason, and never breaks the page.
  await follow.fill('abc');
  await expect(side(page, 1).getByRole('alert')).toHaveText('Follow request: expected a request number such as 7 (got “abc”)');
  await expect(follow).toHaveValue('abc');
  await expect(follow).toHaveAttribute('aria-invalid', 'true');
  await follow.fill('0');
  await expect(side(page, 1).getByRole('alert')).toContainText('must be a whole number of at least 1');
  await follow.fill('');
  await expect(side(page, 1).getByRole('alert')).toHaveCount(0);
  await expect(status(page, 1)).toContainText('Request #');
});

test('screenshots of the handler panels in light and dark', async ({ page, browser }) => {
  for (let i = 0; i < 60; i++) await step(page);
  await page.screenshot({ path: 'target/screenshots/handler-light.png', fullPage: true });
  const url = page.url();
  const ctx = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1400, height: 1000 } });
  const dark = await ctx.newPage();
  await dark.goto(url);
  await expect(dark.locator('figure.handler')).toHaveCount(2);
  await dark.screenshot({ path: 'target/screenshots/handler-dark.png', fullPage: true });
  await ctx.close();
});
