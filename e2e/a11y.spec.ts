import { test, expect, Page } from '@playwright/test';
import { Simulator } from './pages';
import AxeBuilder from '@axe-core/playwright';

// axe-core finds no serious or critical violation on any view, in light and dark.
async function audit(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `${name}:\n${report.join('\n')}`).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    test('simulator, paused and after stepping', async ({ page }) => {
      const sim = new Simulator(page);
      await page.goto('./');
      await sim.playing.click();
      await sim.stepForward();
      await audit(page, 'simulator');
      await page.getByRole('button', { name: 'Share…' }).click();
      await page.locator('#f-model-thread_pool-threads').fill('0');
      await audit(page, 'simulator with share panel and an invalid field');
    });

    test('every preset', async ({ page }) => {
      const sim = new Simulator(page);
      await page.goto('./');
      await sim.playing.click();
      for (const id of ['cpu-bound', 'queue-workers-202', 'retries-dlq']) {
        await sim.scenario.selectOption(id);
        await page.getByLabel('Seek').fill('1500');
        await audit(page, id);
      }
    });

    test("your browser's event loop", async ({ page }) => {
      await page.goto('./#browser');
      await expect(page.getByRole('button', { name: 'Busy-wait 1 s' })).toBeEnabled({ timeout: 20_000 });
      await audit(page, 'browser view');
    });

    test('embed', async ({ page }) => {
      await page.goto('./?embed&views=diagram,timeline,metrics,log&caption=Embedded');
      await audit(page, 'embed');
    });
  });
}

test('reduced motion: no autoplay', async ({ browser }) => {
  const ctx = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await ctx.newPage();
  const sim = new Simulator(page);
  await page.goto('./');
  await expect(sim.paused).toBeVisible();
  await page.waitForTimeout(300);
  await expect(page.getByLabel('Simulation time')).toHaveText('0.0 ms');
  await ctx.close();
});
