import AxeBuilder from '@axe-core/playwright';
import { test, expect, Page } from './base';

// The code lab: programs stepped through queue by queue, forwards and back.

test('reachable by its tab and by link; steps forward and back through the queues', async ({ page, lab }) => {
  await page.goto('./');
  await page.getByRole('link', { name: 'Code lab' }).click();
  await expect(page.getByRole('textbox', { name: 'Program' })).toBeVisible();
  await page.goto('./#code=async-await');
  await expect(page.getByRole('combobox', { name: 'Example program' })).toHaveValue('async-await');
  await expect(lab.output).toHaveCount(0);
  await expect(page.getByText('Node.js starts running the main script.')).toBeVisible();

  // Step until the first line prints; the highlighted line moves as we go.
  const forward = page.getByRole('button', { name: 'Step forward' });
  const lines = new Set<string>();
  for (let i = 0; i < 40 && (await lab.output.count()) < 1; i++) {
    await forward.click();
    if (await lab.current.count()) lines.add((await lab.current.innerText()).trim());
  }
  await expect(lab.output).toHaveText(['script start']);
  expect(lines.size, 'the highlight moved').toBeGreaterThan(0);

  // Further on, async1 is suspended at its await and its resumption waits in the microtask queue.
  for (let i = 0; i < 60 && !(await page.getByText(/async1 reaches await on line 3/).count()); i++) await forward.click();
  await expect(page.getByText(/async1 reaches await on line 3/)).toBeVisible();
  await expect(lab.current).toContainText('await async2()');
  for (let i = 0; i < 60 && (await lab.output.count()) < 5; i++) await forward.click();
  await expect(page.getByRole('list', { name: 'Microtask queue (promise jobs)' })).toContainText('resume async1');
  await expect(page.getByRole('list', { name: 'Timers' })).toContainText('due at 1 ms');

  // Step back undoes exactly one step.
  const before = await lab.output.count();
  const said = await page.locator('.lab-say').innerText();
  await forward.click();
  await lab.stepBack();
  await expect(lab.output).toHaveCount(before);
  await expect(page.locator('.lab-say')).toHaveText(said);

  await lab.toEnd();
  await expect(lab.output).toHaveText([
    'script start', 'async1 start', 'async2', 'promise1', 'script end', 'tick', 'async1 end', 'promise2', 'setTimeout',
  ]);
  await expect(page.getByText('Nothing is left in any queue: the program ends.')).toBeVisible();
  await page.screenshot({ path: 'target/screenshots/code-lab.png', fullPage: true });
});

test('Python asyncio: tasks, the ready queue and timers', async ({ page, lab }) => {
  await page.goto('./#code');
  await page.getByRole('combobox', { name: 'Program language' }).selectOption('py');
  await page.getByRole('combobox', { name: 'Example program' }).selectOption('create-task');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('list', { name: 'Tasks' })).toContainText('Task-2', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await lab.toEnd();
  await expect(lab.output).toHaveText(['tasks created', 'a started', 'b started', 'a finished', 'b finished', 'main done']);
  await lab.reset();
  await expect(lab.output).toHaveCount(0);
  await page.screenshot({ path: 'target/screenshots/code-lab-python.png', fullPage: true });
});

test('an unsupported program gets line and column, keeps its text, and a link reopens an edited program', async ({ page, lab }) => {
  await page.goto('./#code');
  const src = page.getByRole('textbox', { name: 'Program' });
  await expect(page.getByRole('slider', { name: 'Step' })).toBeVisible(); // the example has run
  // (A labelled loop: loops themselves are in the subset now, labels are not.)
  await src.fill('console.log("one");\nouter: for (let i = 0; i < 3; i++) {}\n');
  await expect(page.getByRole('alert')).toContainText('Line 2, column 1: a labelled statement is not in the supported JavaScript subset');
  await expect(src).toHaveValue(/outer: for \(let i/);
  await expect(page.getByText('Showing the last program that ran.')).toBeVisible();
  await src.fill('setTimeout(() => console.log("later"), 0);\nconsole.log("now");\n');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await lab.toEnd();
  await expect(lab.output).toHaveText(['now', 'later']);
  expect(page.url()).toMatch(/#code=js:/);
  await page.reload();
  await expect(src).toHaveValue('setTimeout(() => console.log("later"), 0);\nconsole.log("now");\n');
});

test('an order the runtime does not guarantee is said, not hidden', async ({ page, lab }) => {
  await page.goto('./#code=timeout-vs-immediate');
  // The simulator's keys step the lab too.
  const slider = page.getByRole('slider', { name: 'Step' });
  await expect(slider).toHaveValue('0');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveValue('2');
  await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveValue('1');
  await lab.toEnd();
  await expect(page.locator('.lab-races')).toContainText('Not guaranteed');
});

test('in Korean, and accessible', async ({ page, lab }) => {
  await page.goto('./?lang=ko#code=node-queues');
  await expect(page.getByRole('link', { name: '코드 실험실' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: '호출 스택' })).toBeVisible();
  await lab.toEnd('단계');
  await expect(page.getByText('어느 큐에도 남은 것이 없어 프로그램이 끝납니다.')).toBeVisible();
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
});

test('play at a chosen speed runs to the end', async ({ page }) => {
  await page.goto('./#code=node-queues');
  await expect(page.getByRole('slider', { name: 'Step' })).toBeVisible();
  await page.getByRole('slider', { name: 'Speed' }).fill('5');
  await expect(page.locator('.lab-controls output')).toHaveText('10×');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByText('Nothing is left in any queue: the program ends.')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});

test("an example names its source under the program, linked when public; an edit drops it", async ({ page }) => {
  await page.goto('./#code=tasks-microtasks');
  const credit = page.locator('p.lab-source');
  await expect(credit).toContainText('Source: Jake Archibald');
  await expect(credit.getByRole('link')).toHaveAttribute('href', 'https://jakearchibald.com/2015/tasks-microtasks-queues-and-schedules/');
  await page.getByRole('combobox', { name: 'Example program' }).selectOption('node-queues');
  await expect(credit).toHaveText('Source: written for asyncviz');
  await page.getByRole('textbox', { name: 'Program' }).fill('console.log("mine")');
  await expect(credit).toHaveCount(0);
});
