import { test, expect, frames } from './base';
import * as fs from 'node:fs';
import * as path from 'node:path';

// No scenario freezes the page: whatever a link, a fenced block or a `load` message asks for,
// the page shows the simulation or the refusal within 3 s, and requestAnimationFrame keeps
// coming while it loads and plays. The scenarios are examples/scenarios/extreme/, which push
// each dimension of the work budget to its limit (refused above it, runnable below).

const DIR = 'examples/scenarios/extreme';
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

function read(file: string) {
  const s = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
  const { model, ...common } = s;
  return { whole: s, common, models: [model] };
}

// Accepted scenarios whose loading still blocks long, with the gap last measured: a million
// requests arriving at once (issue 12 stays open for it; the others load under 100 ms on a
// quiet machine). Their page must still show within 3 s; their gaps are printed, not held to
// the limits.
const KNOWN_SLOW: Record<string, string> = { 'burst-accepted.json': 'about 150 ms at load (playing stays under 50 ms)' };

const isRefused = (f: string) => f.includes('refused') || f.startsWith('freeze') || f.startsWith('fifty');

const link = (file: string) => {
  const { common, models } = read(file);
  return Buffer.from(JSON.stringify({ common, models })).toString('base64url');
};

test('every extreme scenario by link: the simulation or the refusal within 3 s, frames keep coming', async ({ page, sim }) => {
  test.setTimeout(240_000);
  await frames.watch(page);
  const seen: string[] = [];
  for (const file of files) {
    const refused = isRefused(file);
    // Autoplay at 1000x: the fastest pace asks the most of each frame.
    await page.goto(`./?s=${link(file)}&speed=12`);
    const shown = refused
      ? page.getByRole('alert').filter({ hasText: 'could not be read' })
      : sim.sides.first();
    await expect(shown, `${file}: shown within 3 s`).toBeVisible({ timeout: 3_000 });
    if (refused) {
      // The refusal names the field and what to lower.
      await expect(page.getByRole('alert').first()).toContainText(/lower|raise|fewer|turn .* off/);
    } else {
      await expect(sim.playing).toBeVisible();
      // The first render ends when every panel has mounted (they come in stages, a frame
      // apart: components/hooks.rs, use_staged); loading includes it.
      await expect(page.locator('.panel.staged')).toHaveCount(0);
    }
    const shownAt = await frames.now(page);
    await page.waitForTimeout(1_500);
    // Loading (the browser compiling the wasm, the first render and the scenario's set-up)
    // and then playing: the old synchronous run to the end stalled for seconds, or for good.
    const loading = await frames.worst(page);
    const playing = await frames.worst(page, shownAt + 100);
    seen.push(`${file}: ${loading.toFixed(0)} ms loading, ${playing.toFixed(0)} ms playing`);
    if (!(file in KNOWN_SLOW)) {
      // Bounds with room for this 2-core machine's own noise (a refused link, which runs
      // nothing heavy, has measured 117 ms): the freezes this guards against lasted seconds.
      expect(loading, `${file}: the longest gap between frames, loading included`).toBeLessThan(1000);
      expect(playing, `${file}: the longest gap between frames while playing at 1000x`).toBeLessThan(250);
    }
  }
  console.log(seen.join('\n'));
});

test('extreme scenarios as fenced blocks on a docs page: each embed shows its simulation or its refusal', async ({ page }) => {
  test.setTimeout(180_000);
  // Five blocks a page: every embed on a page shares its thread.
  for (let at = 0; at < files.length; at += 5) {
    const group = files.slice(at, at + 5);
    const blocks = group.map((f) => `<pre><code class="language-asyncviz">${
      JSON.stringify({ ...read(f).whole, embed: { autoplay: true } }).replace(/&/g, '&amp;').replace(/</g, '&lt;')
    }</code></pre>`);
    await page.route('**/host/extreme-blocks.html', (route) => route.fulfill({
      contentType: 'text/html; charset=utf-8',
      headers: { 'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'" },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Extreme blocks</title>
        <script src="../docs/nested/asyncviz/embed.js" defer></script></head>
        <body><h1>Extreme blocks</h1>${blocks.join('\n')}</body></html>`,
    }));
    await page.goto('/host/extreme-blocks.html');
    await expect(page.locator('iframe.asyncviz-embed')).toHaveCount(group.length, { timeout: 5_000 });
    for (let i = 0; i < group.length; i++) {
      const frame = page.frameLocator('iframe.asyncviz-embed').nth(i);
      const shown = isRefused(group[i]) ? frame.getByRole('alert').first() : frame.locator('figure.flow').first();
      await expect(shown, group[i]).toBeAttached({ timeout: 3_000 });
      if (isRefused(group[i])) await expect(shown, group[i]).toContainText(/lower|raise|fewer|turn .* off/);
    }
    await page.unroute('**/host/extreme-blocks.html');
  }
});

test('extreme scenarios by a load message: the embed shows the simulation or answers with the refusal', async ({ page, host }) => {
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto('/host/host.html');
  await expect.poll(() => page.evaluate(() => (window as any).asyncvizStates.length)).toBeGreaterThan(0);
  const embed = page.frameLocator('#embed');
  for (const file of files) {
    const refused = isRefused(file);
    const { common, models } = read(file);
    const before = warnings.length;
    await page.evaluate(() => { (window as any).asyncvizStates = []; });
    const t0 = Date.now();
    await page.evaluate((m) => (window as any).asyncvizSend(m), { asyncviz: 1, type: 'load', scenario: { common, models } });
    if (refused) {
      await expect.poll(() => warnings.length, { message: file, timeout: 3_000 }).toBeGreaterThan(before);
      expect(warnings.slice(before).join('\n'), file).toMatch(/lower|raise|fewer|turn .* off/);
    } else {
      await expect.poll(() => page.evaluate(() => (window as any).asyncvizStates.length), { message: file, timeout: 3_000 })
        .toBeGreaterThan(0);
      await expect(embed.locator('section.side').first()).toBeVisible({ timeout: 3_000 });
      // The embed keeps answering: play it, and its state comes back.
      await page.evaluate(() => (window as any).asyncvizSend({ asyncviz: 1, type: 'play' }));
      await expect.poll(() => page.evaluate(() => (window as any).asyncvizStates.at(-1)?.playing), { message: file })
        .toBe(true);
      await page.evaluate(() => (window as any).asyncvizSend({ asyncviz: 1, type: 'pause' }));
    }
    expect(Date.now() - t0, `${file}: answered in time`).toBeLessThan(6_000);
  }
});
