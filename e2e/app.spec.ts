import { test, expect } from './base';
import * as fs from 'node:fs';

// Every test starts on the landing page (console errors fail it: see base.ts).
test.beforeEach(async ({ page, sim }) => {
  await page.goto('./');
  await expect(sim.sides).toHaveCount(2);
});

test('loads playing, with both sides, the diagram, timeline, metrics and narration', async ({ page, sim }) => {
  await expect(sim.playing).toBeVisible();
  await expect(sim.title(0)).toContainText('Thread per request');
  await expect(sim.title(1)).toContainText('Event loop');
  await expect.poll(() => sim.ms()).toBeGreaterThan(200);
  await expect(page.getByRole('img', { name: /Runtime diagram/ })).toHaveCount(2);
  await expect(page.getByRole('list', { name: 'Timeline lanes' })).toHaveCount(2);
  await expect(page.getByRole('log')).toContainText(/request #\d+ arrives/);
});

test('served with a strict Content-Security-Policy under a nested path, it runs with no violation', async ({ page, sim }) => {
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => (window as any).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  const resp = await page.goto('./');
  expect(new URL(page.url()).pathname).toBe('/docs/nested/asyncviz/');
  expect(resp!.headers()['content-security-policy']).toBe(
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
  await expect(sim.sides).toHaveCount(2);
  await sim.stepForward();
  await page.getByRole('link', { name: "Your browser's event loop" }).click();
  await expect(page.getByRole('heading', { name: "Your browser's event loop" })).toBeVisible();
  expect(violations).toEqual([]);
});

test('play and pause', async ({ page, sim }) => {
  await sim.pause();
  const t = await sim.ms();
  await page.waitForTimeout(300);
  expect(await sim.ms()).toBe(t);
  await sim.paused.click();
  await expect.poll(() => sim.ms()).toBeGreaterThan(t);
});

test('step forward N times then back N times returns to the same time and state', async ({ page, sim }) => {
  await sim.pause();
  await sim.reset();
  await expect(sim.clock).toHaveText('0.0 ms');
  await sim.stepForward(25);
  const t = await sim.clock.textContent();
  const summary = await page.locator('text.summary').allTextContents();
  const log = await page.getByRole('log').locator('li').count();
  expect(log).toBe(25);
  await sim.stepForward(15);
  expect(await sim.clock.textContent()).not.toBe(t);
  await sim.stepBack(15);
  await expect(sim.clock).toHaveText(t!);
  expect(await page.locator('text.summary').allTextContents()).toEqual(summary);
  await expect(page.getByRole('log').locator('li')).toHaveCount(25);
});

test('the scrubber seeks', async ({ page, sim }) => {
  await sim.pause();
  await page.getByLabel('Seek').fill('2500');
  await expect(sim.clock).toHaveText('2500.0 ms');
  await page.getByLabel('Seek').fill('400');
  await expect(sim.clock).toHaveText('400.0 ms');
});

test('switching a model', async ({ page, sim }) => {
  await sim.pause();
  await page.getByLabel('Model for side B').selectOption('virtual_threads');
  await expect(sim.title(1)).toContainText('Virtual threads');
  await expect(sim.sides.nth(1)).toContainText('Java 21');
  await page.getByRole('button', { name: 'Add a third model' }).click();
  await expect(sim.sides).toHaveCount(3);
});

test('an invalid editor value shows its message and keeps the page', async ({ page, sim }) => {
  await sim.pause();
  const threads = page.locator('#f-model-thread_pool-threads');
  await threads.fill('0');
  await expect(page.locator('#f-model-thread_pool-threads-msg')).toHaveText(/must be at least 1/);
  await expect(threads).toHaveValue('0');
  const rate = page.getByLabel('Requests per second');
  await threads.fill('12');
  await expect(page.locator('#f-model-thread_pool-threads-msg')).toHaveCount(0);
  await rate.fill('fast');
  await expect(page.getByText('expected a number, got the string "fast"')).toBeVisible();
  await expect(sim.sides).toHaveCount(2);
  await rate.fill('90');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('keyboard shortcuts', async ({ page, sim }) => {
  await page.locator('h1').click();
  await page.keyboard.press(' ');
  await expect(sim.paused).toBeVisible();
  await page.keyboard.press('Home');
  await expect(sim.clock).toHaveText('0.0 ms');
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
  await expect(sim.playing).toBeVisible();
});

test('screenshots of every preset', async ({ page, sim }) => {
  fs.mkdirSync('target/screenshots', { recursive: true });
  const ids = await sim.presetIds();
  expect(ids.length).toBe(13);
  for (const id of ids) {
    await sim.scenario.selectOption(id);
    await sim.pause();
    await page.getByLabel('Seek').fill('3000');
    await expect(sim.clock).toHaveText('3000.0 ms');
    await page.screenshot({ path: `target/screenshots/${id}.png`, fullPage: true });
  }
});
