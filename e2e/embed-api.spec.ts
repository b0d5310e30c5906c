import { test, expect } from './base';

// A host page drives an embed through postMessage and hears its state.

test('play, pause, step, seek and load from the host page; malformed messages are ignored', async ({ page, host }) => {
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto('/host/host.html');
  await expect.poll(() => host.last()).toMatchObject({ type: 'state', playing: false, t_ms: 0 });
  await host.send({ asyncviz: 1, type: 'seek', t_ms: 1500 });
  await expect.poll(() => host.last()).toMatchObject({ t_ms: 1500, playing: false });
  const before = (await host.last()).sides.map((s: any) => s.events).reduce((a: number, b: number) => a + b);
  await host.send({ asyncviz: 1, type: 'step' });
  await expect.poll(async () => (await host.last()).sides.map((s: any) => s.events).reduce((a: number, b: number) => a + b)).toBe(before + 1);
  await host.send({ asyncviz: 1, type: 'play' });
  await expect.poll(async () => (await host.last()).playing).toBe(true);
  await host.send({ asyncviz: 1, type: 'pause' });
  await expect.poll(async () => (await host.last()).playing).toBe(false);
  await host.send({ asyncviz: 1, type: 'load', preset: 'cpu-bound' });
  await expect.poll(async () => (await host.last()).preset).toBe('cpu-bound');
  expect((await host.last()).sides).toHaveLength(3);
  // The embed may still report a change or two after a load (finding where the run ends):
  // count its states once they have stopped coming.
  const count = () => page.evaluate(() => (window as any).asyncvizStates.length);
  await expect.poll(async () => { const a = await count(); await page.waitForTimeout(300); return (await count()) === a; }).toBe(true);
  const n = await count();
  await host.send({ type: 'play' });
  await host.send({ asyncviz: 1, type: 'seek', t_ms: 'soon' });
  await host.send('play');
  await expect.poll(() => warnings.length).toBeGreaterThanOrEqual(3);
  expect(warnings.join('\n')).toContain('t_ms: expected a number');
  expect(await page.evaluate(() => (window as any).asyncvizStates.length)).toBe(n);
  await host.send({ asyncviz: 1, type: 'load', scenario: { common: { workload: { arrivals: { constant: { interval_ms: 10 } }, steps: [{ io_ms: 5 }] } },
    models: [{ event_loop: {} }] } });
  await expect.poll(async () => (await host.last()).sides.map((s: any) => s.model)).toEqual(['event_loop']);
});
