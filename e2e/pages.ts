import { expect, FrameLocator, Locator, Page } from '@playwright/test';

// Page objects shared by the specs: what a test does to a page, named once. A spec asks for
// them as fixtures (see base.ts: `sim`, `lab`, `host`) or builds one for an embed's frame
// (`new Simulator(page.frameLocator(…))`).

/** A page or an embed's frame: anywhere the app is drawn. */
export type Root = Page | FrameLocator;

/** The simulator: its controls, its clock and its sides. */
export class Simulator {
  constructor(readonly root: Root) {}

  /** The clock's output, e.g. `1234.5 ms` or `12.345 s`. */
  get clock(): Locator { return this.root.getByLabel('Simulation time').first(); }
  /** The clock's reading in milliseconds. */
  async ms(): Promise<number> {
    const t = ((await this.clock.textContent()) ?? '').trim();
    const v = parseFloat(t.replace(/\s/g, ''));
    return t.endsWith(' s') && !t.endsWith('ms') ? v * 1000 : v;
  }

  /** The Pause button: shown while the simulation plays. */
  get playing(): Locator { return this.root.getByRole('button', { name: 'Pause', exact: true }); }
  /** The Play button: shown while it is paused. */
  get paused(): Locator { return this.root.getByRole('button', { name: 'Play', exact: true }); }
  /** Pauses if it plays, then waits for the Play button. */
  async pause() {
    // Wait for the app to draw its controls first: a page still loading has neither button.
    await expect(this.playing.or(this.paused)).toBeVisible();
    if (await this.playing.count()) await this.playing.click();
    await expect(this.paused).toBeVisible();
  }
  get forward(): Locator { return this.root.getByRole('button', { name: 'Step forward', exact: true }); }
  get back(): Locator { return this.root.getByRole('button', { name: 'Step back', exact: true }); }
  async stepForward(times = 1) { for (let i = 0; i < times; i++) await this.forward.click(); }
  async stepBack(times = 1) { for (let i = 0; i < times; i++) await this.back.click(); }
  async reset() { await this.root.getByRole('button', { name: 'Reset' }).click(); }

  /** The scenario menu (absent in an embed). */
  get scenario(): Locator { return this.root.getByLabel('Scenario'); }
  /** The presets the scenario menu offers, by id. */
  presetIds(): Promise<string[]> {
    return this.scenario.locator('option').evaluateAll(
      (os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v));
  }

  /** Every side's flow view (a picture with a spoken summary). */
  get flows(): Locator { return this.root.getByRole('img', { name: /^Request flow/ }); }
  flow(n: number): Locator { return this.flows.nth(n); }
  /** How many requests side `n` has turned away, as its flow's pile says. */
  async pile(n: number): Promise<number> {
    return parseInt((await this.flow(n).locator('.pile-count').textContent()) ?? '', 10);
  }
  /** The button that sends a burst of requests to every side, and its size. */
  get burst(): Locator { return this.root.getByRole('button', { name: 'Send a burst of requests' }); }
  get burstSize(): Locator { return this.root.getByLabel('Requests in a burst'); }
  /** The line comparing the sides in words and numbers. */
  get compare(): Locator { return this.root.locator('.glance .compare'); }

  /** Every side of the comparison. */
  get sides(): Locator { return this.root.locator('section.side'); }
  side(n: number): Locator { return this.sides.nth(n); }
  /** The heading of side `n` (its model's name). */
  title(n: number): Locator { return this.root.locator('section.side h2').nth(n); }
  /** The request handler's code beside side `n`. */
  handler(n: number): Locator { return this.side(n).locator('figure.handler'); }
  /** The handler line the followed request is at. */
  handlerLine(n: number): Locator { return this.handler(n).locator('[aria-current="step"]'); }
  /** What the handler panel says of the followed request. */
  handlerStatus(n: number): Locator { return this.handler(n).locator('.handler-status'); }
}

/** The code lab: its output, its current line, its step slider. */
export class CodeLab {
  constructor(readonly page: Page) {}
  /** The lines the program has printed so far. */
  get output(): Locator { return this.page.getByRole('list', { name: 'Console output' }).getByRole('listitem'); }
  /** The highlighted line of the program. */
  get current(): Locator { return this.page.locator('.lab-code li[aria-current="step"]'); }
  async stepBack() { await this.page.getByRole('button', { name: 'Step back', exact: true }).click(); }
  async reset() { await this.page.getByRole('button', { name: 'Reset' }).click(); }
  /** Moves the slider named `name` to its end (the last step). */
  async toEnd(name = 'Step') {
    const slider = this.page.getByRole('slider', { name });
    await slider.fill(await slider.getAttribute('max') ?? '0');
  }
}

/** e2e/fixtures' host page, which drives an embed through postMessage. */
export class Host {
  constructor(readonly page: Page) {}
  /** The last state message the embed sent. */
  last() { return this.page.evaluate(() => (window as any).asyncvizStates.at(-1)); }
  /** Posts `msg` to the embed. */
  send(msg: unknown) { return this.page.evaluate((m) => (window as any).asyncvizSend(m), msg); }
}

/** Gaps between animation frames, recorded from the very start of a page. */
export const frames = {
  /** Records every gap between animation frames; call before `goto`. */
  async watch(page: Page) {
    await page.addInitScript(() => {
      const w = window as any;
      w.__gaps = [];
      let last = performance.now();
      const frame = (t: number) => { w.__gaps.push([t, t - last]); last = t; requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
    });
  },
  /** The longest gap between frames ending after `from` (ms since the page started). */
  worst(page: Page, from = 0): Promise<number> {
    return page.evaluate(
      (from) => Math.max(0, ...((window as any).__gaps as [number, number][]).filter(([t]) => t > from).map(([, g]) => g)),
      from);
  },
  /** The page's clock, ms since it started. */
  now(page: Page): Promise<number> { return page.evaluate(() => performance.now()); },
};
