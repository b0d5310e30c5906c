import { test as base, expect, Page } from '@playwright/test';
import { CodeLab, Host, Simulator } from './pages';

export { expect };
export type { Page };
export { CodeLab, Host, Simulator, frames } from './pages';

/**
 * Every page in these tests must be free of console errors and uncaught exceptions. The page
 * objects of pages.ts come as fixtures: `sim` (the simulator on the page), `lab` (the code
 * lab) and `host` (the postMessage host page).
 */
export const test = base.extend<{ problems: string[]; sim: Simulator; lab: CodeLab; host: Host }>({
  problems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(String(e)));
      await use(problems);
      expect(problems, problems.join('\n')).toEqual([]);
    },
    { auto: true },
  ],
  sim: async ({ page }, use) => { await use(new Simulator(page)); },
  lab: async ({ page }, use) => { await use(new CodeLab(page)); },
  host: async ({ page }, use) => { await use(new Host(page)); },
});
