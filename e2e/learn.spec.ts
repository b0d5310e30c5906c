import AxeBuilder from '@axe-core/playwright';
import { test, expect, Page } from './base';

// The guided tour: every step, in both languages, with its demonstration.

async function walk(page: Page, next: string, lang: 'en' | 'ko') {
  const titles: string[] = [];
  for (let i = 0; i < 30; i++) {
    const title = (await page.locator('#tour-title').innerText()).trim();
    expect(titles, 'each step is new').not.toContain(title);
    titles.push(title);
    // The demonstration is there: the simulator's sides or the code lab's program.
    const sides = page.locator('.tour-demo section.side');
    const lab = page.locator('.tour-demo .lab');
    await expect(sides.first().or(lab)).toBeVisible();
    if (await lab.count()) {
      await expect(page.locator('.tour-demo .lab-code li').first()).toBeVisible({ timeout: 20_000 });
    } else {
      expect(await sides.count()).toBeGreaterThanOrEqual(2);
    }
    await expect(page.locator('.watch')).toBeVisible();
    const nextLink = page.getByRole('link', { name: next });
    if (!(await nextLink.count())) break;
    await nextLink.click();
    await expect(page.locator('#tour-title')).not.toHaveText(title);
  }
  await page.screenshot({ path: `target/screenshots/learn-last-${lang}.png`, fullPage: true });
  return titles;
}

test('walk the whole tour in English', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('link', { name: 'Learn' }).click();
  await expect(page.getByRole('heading', { name: 'Why asynchronous?' })).toBeVisible();
  await page.screenshot({ path: 'target/screenshots/learn-first-en.png', fullPage: true });
  const titles = await walk(page, 'Next ›', 'en');
  expect(titles.length).toBeGreaterThanOrEqual(10);
  await expect(page.getByText(`Step ${titles.length} of ${titles.length}`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open the simulator' })).toBeVisible();
  // Back one step, then a permalink.
  await page.getByRole('link', { name: '‹ Previous' }).click();
  await expect(page.locator('#tour-title')).toHaveText(titles[titles.length - 2]);
});

test('walk the whole tour in Korean', async ({ page }) => {
  await page.goto('./?lang=ko#learn');
  await expect(page.getByRole('heading', { name: '비동기를 쓰는 이유' })).toBeVisible();
  const titles = await walk(page, '다음 ›', 'ko');
  expect(titles.length).toBeGreaterThanOrEqual(10);
  expect(titles.every((t) => /[가-힣]/.test(t))).toBe(true);
});

test('each step has a permalink, loads its demonstration, and embeds on its own', async ({ page }) => {
  await page.goto('./#learn=event-loop');
  await expect(page.getByRole('heading', { name: /Express: one event loop/ })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveCount(0);
  await expect(page.locator('.learn')).toHaveClass(/watch-timeline/);
  await expect(page.getByRole('link', { name: 'Link to this step' })).toHaveAttribute('href', '#learn=event-loop');
  await page.goto('./#learn=coroutines');
  await expect(page.locator('.tour-demo .lab-code')).toContainText('asyncio.gather');
  expect(page.url()).toMatch(/#learn=coroutines$/);
  await page.goto('./?embed#learn=cpu-bound');
  await expect(page.getByRole('heading', { name: /CPU-bound work gains little/ })).toBeVisible();
  await expect(page.locator('header.top')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('a caution step, its counters and its trace pass an accessibility audit', async ({ page }) => {
  await page.goto('./#learn=lost-errors');
  await expect(page.getByRole('heading', { name: 'Caution: failures are hard to trace' })).toBeVisible();
  await expect(page.locator('.learn')).toHaveClass(/watch-faults/);
  await expect(page.getByRole('region', { name: 'Fault counters' }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Pause' }).click();
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
});
