import { test, expect } from './base';

// The cautions made visible: fault counters that light up, and a request's trace.

test('lost errors: the counters say what the clients never saw', async ({ page }) => {
  await page.goto('./#preset=lost-error');
  const pause = page.getByRole('button', { name: 'Pause' });
  if (await pause.count()) await pause.click();
  const sideA = page.getByRole('region', { name: /^Side A/ });
  const sideB = page.getByRole('region', { name: /^Side B/ });
  await expect(sideA.getByText('errors fire-and-forget')).toBeVisible();
  await expect(sideB.getByText('errors awaited')).toBeVisible();
  await page.getByRole('slider', { name: 'Seek' }).fill('8000');
  const unobserved = sideA.locator('.fault', { hasText: 'Unobserved errors' });
  await expect(unobserved.locator('dd')).not.toHaveText('0');
  await expect(sideA.locator('.fault', { hasText: 'Failed (500)' }).locator('dd')).toHaveText('0');
  const failedB = sideB.locator('.fault', { hasText: 'Failed (500)' }).locator('dd');
  await expect(failedB).toHaveText(await unobserved.locator('dd').innerText());
});

test('a counter lights up at the moment its fault happens', async ({ page }) => {
  await page.goto('./#preset=dual-write-outbox');
  const pause = page.getByRole('button', { name: 'Pause' });
  if (await pause.count()) await pause.click();
  const sideA = page.getByRole('region', { name: /^Side A/ });
  const lost = sideA.locator('.fault', { hasText: 'Lost jobs' });
  await expect(lost.locator('dd')).toHaveText('0');
  // Step until the first crash after a commit loses a job.
  const step = page.getByRole('button', { name: 'Step forward' });
  await page.getByRole('slider', { name: 'Seek' }).fill('1490');
  for (let i = 0; i < 400 && (await lost.locator('dd').innerText()) === '0'; i++) await step.click();
  await expect(lost.locator('dd')).toHaveText('1');
  await expect(lost).toHaveClass(/lit/);
  await page.getByRole('slider', { name: 'Seek' }).fill('8000');
  await expect(lost.locator('dd')).toHaveText('3');
  await expect(page.getByRole('region', { name: /^Side B/ }).locator('.fault', { hasText: 'Lost jobs' }).locator('dd')).toHaveText('0');
  await page.screenshot({ path: 'target/screenshots/faults-dual-write.png', fullPage: true });
});

test('the followed request has a trace, as a waterfall of spans', async ({ page }) => {
  await page.goto('./#preset=queue-workers-202');
  const pause = page.getByRole('button', { name: 'Pause' });
  if (await pause.count()) await pause.click();
  await page.getByRole('slider', { name: 'Seek' }).fill('300');
  const sideA = page.getByRole('region', { name: /^Side A/ });
  await sideA.getByRole('textbox', { name: 'Follow request' }).fill('3');
  const trace = sideA.locator('figure.trace');
  await expect(trace.locator('figcaption')).toHaveText(/^\s*Trace of request #3: [\d.]+ ms\s*$/);
  await expect(trace.locator('li')).not.toHaveCount(0);
  await expect(trace).toContainText('responded 202');
  await expect(trace).toContainText('running on job worker');
  await page.screenshot({ path: 'target/screenshots/trace-waterfall.png', fullPage: true });
});
