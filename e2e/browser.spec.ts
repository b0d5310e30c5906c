import { test, expect, Page } from './base';

// "Your browser's event loop": real work on the real main thread.

async function run(page: Page, button: string, way: string) {
  await page.getByRole('button', { name: button }).click();
  const row = page.locator(`tr[data-way="${way}"]`);
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  return {
    total: Number(await row.getAttribute('data-total')),
    gap: Number(await row.getAttribute('data-gap')),
    result: (await row.getAttribute('data-result'))!,
  };
}

test('reachable by URL and by its tab', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('link', { name: "Your browser's event loop" }).click();
  await expect(page.getByRole('heading', { name: "Your browser's event loop" })).toBeVisible();
  await page.goto('./#browser');
  await expect(page.getByRole('heading', { name: "Your browser's event loop" })).toBeVisible();
  await expect(page.getByRole('link', { name: /one blocking call freezes the event loop/ })).toHaveAttribute(
    'href', '#preset=blocking-call-freezes-loop');
});

test('blocking freezes the page; cooperative and worker runs do not; all compute the same', async ({ page }) => {
  await page.goto('./#browser');
  await expect(page.getByRole('button', { name: 'Run blocking' })).toBeEnabled({ timeout: 20_000 });
  const blocking = await run(page, 'Run blocking', 'blocking');
  expect(blocking.total, "the job did real work").toBeGreaterThan(100);
  expect(blocking.gap, `longest gap ${blocking.gap} ms for a ${blocking.total} ms job`).toBeGreaterThanOrEqual(0.7 * blocking.total);
  const coop = await run(page, 'Run cooperatively', 'cooperative');
  expect(coop.gap, `cooperative longest gap ${coop.gap} ms`).toBeLessThan(100);
  const worker = await run(page, 'Run in a worker', 'worker');
  expect(worker.gap, `worker longest gap ${worker.gap} ms`).toBeLessThan(100);
  expect(coop.result).toBe(blocking.result);
  expect(worker.result).toBe(blocking.result);
  await expect(page.getByText('✓ same checksum')).toHaveCount(3);
  await page.screenshot({ path: 'target/screenshots/browser-loop.png', fullPage: true });
});

test('a blocking busy-wait freezes the page where awaiting a timer does not', async ({ page }) => {
  await page.goto('./#browser');
  await expect(page.getByRole('button', { name: 'Busy-wait 1 s' })).toBeEnabled({ timeout: 20_000 });
  const busy = await run(page, 'Busy-wait 1 s', 'busy-wait');
  expect(busy.gap).toBeGreaterThanOrEqual(700);
  const timer = await run(page, 'Await a 1 s timer', 'timer');
  expect(timer.total).toBeGreaterThanOrEqual(990);
  expect(timer.gap).toBeLessThan(100);
});

test('the link to the matching preset opens it in the simulator', async ({ page, sim }) => {
  await page.goto('./#browser');
  await page.getByRole('link', { name: /one blocking call freezes the event loop/ }).click();
  await expect(sim.scenario).toHaveValue('blocking-call-freezes-loop');
  await expect(sim.sides).toHaveCount(2);
});
