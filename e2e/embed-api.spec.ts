import { test, expect, Page } from './base';

// A host page drives an embed through postMessage and hears its state.

const last = (page: Page) => page.evaluate(() => (window as any).asyncvizStates.at(-1));
const send = (page: Page, msg: unknown) => page.evaluate((m) => (window as any).asyncvizSend(m), msg);

test('play, pause, step, seek and load from the host page; malformed messages are ignored', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto('/host/host.html');
  await expect.poll(() => last(page)).toMatchObject({ type: 'state', playing: false, t_ms: 0 });
  await send(page, { asyncviz: 1, type: 'seek', t_ms: 1500 });
  await expect.poll(() => last(page)).toMatchObject({ t_ms: 1500, playing: false });
  const before = (await last(page)).sides.map((s: any) => s.events).reduce((a: number, b: number) => a + b);
  await send(page, { asyncviz: 1, type: 'step' });
  await expect.poll(async () => (await last(page)).sides.map((s: any) => s.events).reduce((a: number, b: number) => a + b)).toBe(before + 1);
  await send(page, { asyncviz: 1, type: 'play' });
  await expect.poll(async () => (await last(page)).playing).toBe(true);
  await send(page, { asyncviz: 1, type: 'pause' });
  await expect.poll(async () => (await last(page)).playing).toBe(false);
  await send(page, { asyncviz: 1, type: 'load', preset: 'cpu-bound' });
  await expect.poll(async () => (await last(page)).preset).toBe('cpu-bound');
  expect((await last(page)).sides).toHaveLength(3);
  const n = await page.evaluate(() => (window as any).asyncvizStates.length);
  await send(page, { type: 'play' });
  await send(page, { asyncviz: 1, type: 'seek', t_ms: 'soon' });
  await send(page, 'play');
  await expect.poll(() => warnings.length).toBeGreaterThanOrEqual(3);
  expect(warnings.join('\n')).toContain('t_ms: expected a number');
  expect(await page.evaluate(() => (window as any).asyncvizStates.length)).toBe(n);
  await send(page, { asyncviz: 1, type: 'load', scenario: { common: { workload: { arrivals: { constant: { interval_ms: 10 } }, steps: [{ io_ms: 5 }] } },
    models: [{ event_loop: {} }] } });
  await expect.poll(async () => (await last(page)).sides.map((s: any) => s.model)).toEqual(['event_loop']);
});
