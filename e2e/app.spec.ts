import { test, expect, Page } from './base';
import * as fs from 'node:fs';

// Every test starts on the landing page (console errors fail it: see base.ts).
test.beforeEach(async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('section.side')).toHaveCount(2);
});

const clock = (page: Page) => page.getByLabel('Simulation time');
const ms = async (page: Page) => parseFloat((await clock(page).textContent()) ?? 'NaN');
const pause = async (page: Page) => {
  const b = page.getByRole('button', { name: 'Pause', exact: true });
  if (await b.count()) await b.click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
};

test('loads playing, with both sides, the diagram, timeline, metrics and narration', async ({ page }) => {
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(page.locator('section.side h2').first()).toContainText('Thread per request');
  await expect(page.locator('section.side h2').nth(1)).toContainText('Event loop');
  await expect.poll(() => ms(page)).toBeGreaterThan(200);
  await expect(page.getByRole('img', { name: /Runtime diagram/ })).toHaveCount(2);
  await expect(page.getByRole('list', { name: 'Timeline lanes' })).toHaveCount(2);
  await expect(page.getByRole('log')).toContainText(/request #\d+ arrives/);
});

test('served with a strict Content-Security-Policy under a nested path, it runs with no violation', async ({ page }) => {
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => (window as any).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  const resp = await page.goto('./');
  expect(new URL(page.url()).pathname).toBe('/docs/nested/asyncviz/');
  expect(resp!.headers()['content-security-policy']).toBe(
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
  await expect(page.locator('section.side')).toHaveCount(2);
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('link', { name: "Your browser's event loop" }).click();
  await expect(page.getByRole('heading', { name: "Your browser's event loop" })).toBeVisible();
  expect(violations).toEqual([]);
});

test('play and pause', async ({ page }) => {
  await pause(page);
  const t = await ms(page);
  await page.waitForTimeout(300);
  expect(await ms(page)).toBe(t);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => ms(page)).toBeGreaterThan(t);
});

test('step forward N times then back N times returns to the same time and state', async ({ page }) => {
  await pause(page);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(clock(page)).toHaveText('0.0 ms');
  for (let i = 0; i < 25; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  const t = await clock(page).textContent();
  const summary = await page.locator('text.summary').allTextContents();
  const log = await page.getByRole('log').locator('li').count();
  expect(log).toBe(25);
  for (let i = 0; i < 15; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  expect(await clock(page).textContent()).not.toBe(t);
  for (let i = 0; i < 15; i++) await page.getByRole('button', { name: 'Step back' }).click();
  await expect(clock(page)).toHaveText(t!);
  expect(await page.locator('text.summary').allTextContents()).toEqual(summary);
  await expect(page.getByRole('log').locator('li')).toHaveCount(25);
});

test('the scrubber seeks', async ({ page }) => {
  await pause(page);
  await page.getByLabel('Seek').fill('2500');
  await expect(clock(page)).toHaveText('2500.0 ms');
  await page.getByLabel('Seek').fill('400');
  await expect(clock(page)).toHaveText('400.0 ms');
});

test('switching a model', async ({ page }) => {
  await pause(page);
  await page.getByLabel('Model for side B').selectOption('virtual_threads');
  await expect(page.locator('section.side h2').nth(1)).toContainText('Virtual threads');
  await expect(page.locator('section.side').nth(1)).toContainText('Java 21');
  await page.getByRole('button', { name: 'Add a third model' }).click();
  await expect(page.locator('section.side')).toHaveCount(3);
});

test('an invalid editor value shows its message and keeps the page', async ({ page }) => {
  await pause(page);
  const threads = page.locator('#f-model-thread_pool-threads');
  await threads.fill('0');
  await expect(page.locator('#f-model-thread_pool-threads-msg')).toHaveText(/must be at least 1/);
  await expect(threads).toHaveValue('0');
  const rate = page.getByLabel('Requests per second');
  await threads.fill('12');
  await expect(page.locator('#f-model-thread_pool-threads-msg')).toHaveCount(0);
  await rate.fill('fast');
  await expect(page.getByText('expected a number, got the string "fast"')).toBeVisible();
  await expect(page.locator('section.side')).toHaveCount(2);
  await rate.fill('90');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('keyboard shortcuts', async ({ page }) => {
  await page.locator('h1').click();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(clock(page)).toHaveText('0.0 ms');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('log').locator('li')).toHaveCount(2);
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('log').locator('li')).toHaveCount(1);
  const speed = page.locator('.speed output');
  await expect(speed).toHaveText('1×');
  await page.keyboard.press('+');
  await expect(speed).toHaveText('2×');
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(speed).toHaveText('0.5×');
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
});

test('screenshots of every preset', async ({ page }) => {
  fs.mkdirSync('target/screenshots', { recursive: true });
  const ids = await page.getByLabel('Scenario').locator('option').evaluateAll(
    (os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v));
  expect(ids.length).toBe(13);
  for (const id of ids) {
    await page.getByLabel('Scenario').selectOption(id);
    await pause(page);
    await page.getByLabel('Seek').fill('3000');
    await expect(clock(page)).toHaveText('3000.0 ms');
    await page.screenshot({ path: `target/screenshots/${id}.png`, fullPage: true });
  }
});
