import { test, expect, Page, Simulator, CodeLab } from './base';

// In Korean, a screen reader hears names, never the ids files and links use: every preset,
// every tour step and every code lab example is visited, and every accessible name on the
// page is checked for a raw model id.

const RAW_ID = /\b(thread_pool|event_loop|executor|virtual_threads|job_queue)\b/;

/**
 * Every accessible name on the page: each role and name of Playwright's ARIA snapshot (a line
 * such as `- img "name"`, or `- 'img "name"': text` when the element has text too), and every
 * aria-label, title attribute and SVG <title> (names that the snapshot may fold away).
 */
async function names(page: Page): Promise<string[]> {
  const yaml = await page.locator('body').ariaSnapshot();
  const out: string[] = [];
  for (const line of yaml.split('\n')) {
    const m = /^\s*- '?([a-z]+) "((?:[^"\\]|\\.)*)"/.exec(line);
    if (m) out.push(`${m[1]} "${m[2]}"`);
  }
  const labels = await page.locator('[aria-label], [title], svg title').evaluateAll((els) =>
    els.map((e) => (e.tagName.toLowerCase() === 'title' ? e.textContent : e.getAttribute('aria-label') ?? e.getAttribute('title')) ?? ''));
  for (const l of labels) out.push(`label "${l}"`);
  return out;
}

/** Fails with the names that show a raw model id, and where. */
async function noRawIds(page: Page, where: string) {
  const all = await names(page);
  expect(all.length, `${where}: the page has named elements`).toBeGreaterThan(3);
  const bad = all.filter((n) => RAW_ID.test(n));
  expect(bad, `${where}: raw model ids in accessible names`).toEqual([]);
}

test('every preset in Korean names its models, not their ids', async ({ page }) => {
  test.setTimeout(240_000);
  const sim = new Simulator(page);
  await page.goto('./?lang=ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(sim.sides).toHaveCount(2);
  const menu = page.getByLabel('시나리오', { exact: true });
  const ids = await menu.locator('option').evaluateAll(
    (os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v));
  expect(ids.length).toBeGreaterThanOrEqual(10);
  const forward = page.getByRole('button', { name: '한 단계 앞으로', exact: true });
  for (const id of ids) {
    await menu.selectOption(id);
    const pause = page.getByRole('button', { name: '일시정지', exact: true });
    if (await pause.count()) await pause.click();
    await expect(page.getByRole('button', { name: '재생', exact: true })).toBeVisible();
    for (let i = 0; i < 6; i++) await forward.click();
    // The diagram is announced by its model's name.
    const diagrams = page.getByRole('img', { name: /^런타임 다이어그램: / });
    expect(await diagrams.count(), id).toBeGreaterThanOrEqual(2);
    await noRawIds(page, `preset ${id}`);
  }
});

test('every tour step in Korean names its models, not their ids', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./?lang=ko#learn');
  await expect(page.locator('#tour-title')).toBeVisible();
  let steps = 0;
  for (let i = 0; i < 40; i++) {
    const title = (await page.locator('#tour-title').innerText()).trim();
    expect(title).toMatch(/[가-힣]/);
    const sides = page.locator('.tour-demo section.side');
    const lab = page.locator('.tour-demo .lab');
    await expect(sides.first().or(lab)).toBeVisible();
    if (await lab.count()) await expect(page.locator('.tour-demo .lab-code li').first()).toBeVisible({ timeout: 20_000 });
    await noRawIds(page, `tour step ${i + 1} (${title})`);
    steps++;
    const next = page.getByRole('link', { name: '다음 ›' });
    if (!(await next.count())) break;
    await next.click();
    await expect(page.locator('#tour-title')).not.toHaveText(title);
  }
  expect(steps).toBeGreaterThanOrEqual(10);
});

test('every code lab example in Korean, run to its end, names no model id', async ({ page }) => {
  test.setTimeout(300_000);
  const lab = new CodeLab(page);
  await page.goto('./?lang=ko#code');
  await expect(page.getByRole('slider', { name: '단계' })).toBeVisible({ timeout: 20_000 });
  const language = page.getByRole('combobox', { name: '프로그램 언어' });
  const example = page.getByRole('combobox', { name: '예제 프로그램' });
  let seen = 0;
  for (const lang of ['js', 'py']) {
    await language.selectOption(lang);
    const ids = await example.locator('option').evaluateAll(
      (os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v));
    expect(ids.length, lang).toBeGreaterThan(3);
    for (const id of ids) {
      await example.selectOption(id);
      await expect(page.getByRole('slider', { name: '단계' })).toBeVisible({ timeout: 20_000 });
      const slider = page.getByRole('slider', { name: '단계', exact: true });
      await lab.toEnd('단계');
      await expect(slider).toHaveValue((await slider.getAttribute('max')) ?? '');
      await noRawIds(page, `lab ${lang} ${id}`);
      seen++;
    }
  }
  expect(seen).toBeGreaterThanOrEqual(10);
});
