import { test, expect } from './base';

// The request handler beside each simulation: the line the followed request is at.
test.beforeEach(async ({ page, sim }) => {
  await page.goto('./');
  await expect(sim.sides).toHaveCount(2);
  await sim.scenario.selectOption('blocking-vs-nonblocking');
  const pause = sim.playing;
  if (await pause.count()) await pause.click();
  await sim.reset();
  await expect(page.getByLabel('Simulation time')).toHaveText('0.0 ms');
});

test('the highlighted line follows the request as the engine steps', async ({ page, sim }) => {
  await expect(sim.handler(0).locator('figcaption')).toHaveText('Spring MVC controller (Tomcat, blocking)');
  await expect(sim.handler(1).locator('figcaption')).toHaveText('Express handler (Node.js)');
  await expect(sim.handler(1)).toContainText('await Promise.all([');
  await expect(sim.handlerStatus(1)).toHaveText('No request in flight');
  await expect(sim.handlerLine(1)).toHaveCount(0);
  // Step until request #1 runs on the event loop.
  for (let i = 0; i < 20 && !(await sim.handlerLine(1).count()); i++) await sim.stepForward();
  await expect(sim.handlerLine(1)).toHaveCount(1);
  const lines = new Set<string>();
  const states = new Set<string>();
  for (let i = 0; i < 40; i++) {
    if (await sim.handlerLine(1).count()) lines.add((await sim.handlerLine(1).textContent()) ?? '');
    states.add((await sim.handlerStatus(1).textContent()) ?? '');
    await sim.stepForward();
  }
  expect(lines.size, [...lines].join('\n')).toBeGreaterThan(1);
  expect([...states].some((s) => /awaiting I\/O on line \d+ — no thread is held/.test(s)), [...states].join('\n')).toBe(true);
  expect([...lines].some((l) => l.includes('await Promise.all('))).toBe(true);
  // The blocking side: the thread waits on the JDBC call with the request.
  await expect(sim.handler(0).locator('.cl').filter({ hasText: 'orderRepository.findById(id)' })).toHaveCount(1);
});

test('following a request by number, by clicking its token, and an invalid number', async ({ page, sim }) => {
  for (let i = 0; i < 30; i++) await sim.stepForward();
  const follow = sim.side(1).getByRole('textbox', { name: 'Follow request' });
  await follow.fill('2');
  await expect(sim.handlerStatus(1)).toContainText('Request #2');
  await expect(sim.handlerStatus(0)).toContainText('Request #2');
  await expect(sim.side(0).getByRole('textbox', { name: 'Follow request' })).toHaveValue('2');
  await follow.fill('500');
  await expect(sim.handlerStatus(1)).toHaveText('Request #500 has not arrived yet');

  // Click a request in side A's diagram: it becomes the followed request everywhere.
  const tokens = sim.side(0).getByRole('button', { name: /^Follow request #\d+$/ });
  await expect(tokens.first()).toBeVisible();
  const name = (await tokens.last().getAttribute('aria-label'))!;
  const id = name.match(/#(\d+)/)![1];
  await tokens.last().click();
  await expect(follow).toHaveValue(id);
  await expect(sim.handlerStatus(0)).toContainText(`#${id}`);
  await expect(sim.side(0).getByRole('button', { name, exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(sim.side(0).locator('.tok-ring, .lane-ring')).toHaveCount(1);

  // Enter on a focused token selects it too.
  const first = sim.side(1).getByRole('button', { name: /^Follow request #\d+$/ }).first();
  const other = (await first.getAttribute('aria-label'))!.match(/#(\d+)/)![1];
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(follow).toHaveValue(other);

  // Bad input keeps the text, names the field and the reason, and never breaks the page.
  await follow.fill('abc');
  await expect(sim.side(1).getByRole('alert')).toHaveText('Follow request: expected a request number such as 7 (got “abc”)');
  await expect(follow).toHaveValue('abc');
  await expect(follow).toHaveAttribute('aria-invalid', 'true');
  await follow.fill('0');
  await expect(sim.side(1).getByRole('alert')).toContainText('must be a whole number of at least 1');
  await follow.fill('');
  await expect(sim.side(1).getByRole('alert')).toHaveCount(0);
  await expect(sim.handlerStatus(1)).toContainText('Request #');
});

test('screenshots of the handler panels in light and dark', async ({ page, browser, sim }) => {
  for (let i = 0; i < 60; i++) await sim.stepForward();
  await page.screenshot({ path: 'target/screenshots/handler-light.png', fullPage: true });
  const url = page.url();
  const ctx = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1400, height: 1000 } });
  const dark = await ctx.newPage();
  await dark.goto(url);
  await expect(dark.locator('figure.handler')).toHaveCount(2);
  await dark.screenshot({ path: 'target/screenshots/handler-dark.png', fullPage: true });
  await ctx.close();
});
