import { test, expect, Simulator } from './base';

// English and Korean: chosen from the URL or the browser, switchable, kept in links.

test('?lang=ko shows Korean, narrates in Korean, keeps lang=ko in links and switches to English', async ({ page, sim }) => {
  await page.goto('./?lang=ko');
  await expect(sim.sides).toHaveCount(2);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await page.getByRole('button', { name: '일시정지', exact: true }).click();
  await expect(page.getByRole('button', { name: '재생', exact: true })).toBeVisible();
  await expect(page.locator('p.explain')).toContainText('이벤트 루프 하나는 기다리지 않으므로');
  await expect(sim.title(0)).toContainText('요청당 스레드');
  await expect(page.getByLabel('시뮬레이션 시간')).toBeVisible();

  await page.getByRole('button', { name: '초기화', exact: true }).click();
  await page.getByRole('button', { name: '한 단계 앞으로', exact: true }).click();
  await page.getByRole('button', { name: '한 단계 앞으로', exact: true }).click();
  await expect(page.getByRole('log')).toContainText(/요청 #\d+(이|가) 도착합니다/);

  await page.getByRole('button', { name: '공유…' }).click();
  const link = await page.getByLabel('링크', { exact: true }).inputValue();
  expect(link).toContain('lang=ko');
  expect(page.url()).toContain('lang=ko');

  await page.getByLabel('Language').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(sim.paused).toBeVisible();
  await expect(page.locator('p.explain')).toContainText('one event loop keeps serving');
  expect(await page.getByLabel('Link', { exact: true }).inputValue()).not.toContain('lang=ko');
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expect(page.getByRole('log')).toContainText(/ ms: [A-Za-z#]/);

  await page.getByLabel('Language').selectOption('ko');
  await expect(page.getByRole('button', { name: '재생', exact: true })).toBeVisible();
});

test('the browser language picks Korean when the link names none', async ({ browser, problems }) => {
  const context = await browser.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  const sim = new Simulator(page);
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto('./');
  await expect(page.getByRole('button', { name: '일시정지', exact: true })).toBeVisible();
  await page.goto('./?lang=en');
  await expect(sim.playing).toBeVisible();
  await context.close();
});

test('in Korean the handler code comments, the meta description and the noscript text are Korean too', async ({ page, sim }) => {
  await page.goto('./?lang=ko');
  await expect(sim.sides).toHaveCount(2);
  await expect(page.locator('meta[name=description]')).toHaveAttribute('content', /스레드 풀, 이벤트 루프/);
  // The code is the same in both languages; only its comments change.
  await expect(sim.handler(0)).toContainText('// Tomcat은 요청 하나를');
  await expect(sim.handler(0)).toContainText('@GetMapping("/orders/{id}")');
  // The app replaces <noscript> when it starts: read the page as served.
  const served = await (await page.request.get('./')).text();
  expect(served).toMatch(/<noscript>.*lang="?ko"?>asyncviz를 보려면 JavaScript와 WebAssembly가 필요합니다/);
  await page.getByLabel('Language').selectOption('en');
  await expect(page.locator('meta[name=description]')).toHaveAttribute('content', /watch thread pools/);
  await expect(sim.handler(0)).toContainText('// Tomcat runs each request on one thread');
});
