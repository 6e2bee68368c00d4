import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import axe from 'axe-core';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { password, startTestApp, type TestApp } from '../support/app.ts';

export { password };

/** The standards OpenSEND promises in its accessibility statement: WCAG 2.2 AA. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface E2e {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
  /** A fresh context, so each test starts signed out with no cookies. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The real app on a real port, and Debian's Chromium (Playwright's own browsers are never downloaded).
 * A test may give the app's environment, and its port when an address must name it in advance.
 */
export async function startE2e(options: { env?: Record<string, string>; port?: number } = {}): Promise<E2e> {
  const t = await startTestApp(options.env);
  await t.app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-gpu',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  } catch (err) {
    await t.close();
    throw err;
  }
  const contexts: BrowserContext[] = [];
  return {
    t,
    browser,
    baseUrl,
    async newPage() {
      const context = await browser.newContext({ baseURL: baseUrl });
      // A missing element should fail the test quickly, with its name, rather than after 30 seconds.
      context.setDefaultTimeout(5000);
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await t.close();
    },
  };
}

/**
 * Fails with every violation axe finds, in enough detail to fix the template it came from, then
 * checks the page reflows (`checkReflow`), so every page a test checks is checked at both widths.
 */
export async function checkA11y(page: Page): Promise<void> {
  await checkAxe(page);
  await checkReflow(page);
}

/**
 * Runs axe-core in the page itself, as `axe.run` with the WCAG tags. The `@axe-core/playwright`
 * wrapper does the same for a page without frames but evaluates axe's 550 KB source twice and
 * finishes in a second, blank page: 1.8 s a page against 0.5 s here, measured on the children
 * list (the same 26 rules passed or failed either way). Our pages have no frames, and a page
 * that gains one fails here rather than going unchecked inside it.
 */
async function checkAxe(page: Page): Promise<void> {
  assert.equal(
    page.frames().length,
    1,
    `${page.url()} has frames: check each frame's document with axe too before allowing them`,
  );
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    (values) =>
      (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values } }),
    wcagTags,
  );
  // An empty result could also mean axe never ran on the page, which must not pass silently.
  assert.ok(results.passes.length > 0, `axe checked nothing on ${page.url()}`);
  const report = results.violations
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes
        .filter((n) => !(v.id === 'aria-allowed-attr' && revealsAQuestion(n)))
        .map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }))
    .filter((v) => v.nodes.length > 0);
  assert.deepEqual(
    report,
    [],
    `Accessibility violations on ${page.url()}:\n${JSON.stringify(report, null, 2)}`,
  );
}

/**
 * A GOV.UK radio or checkbox that reveals a further question carries `aria-expanded`, which ARIA
 * does not list for those roles. GOV.UK Frontend keeps it on purpose, as screen readers announce
 * it and tell their users the question appeared; axe's objection to that attribute alone, on such
 * an input, is set aside, and anything else it finds there still fails.
 */
function revealsAQuestion(node: { html: string; failureSummary?: string }): boolean {
  return (
    /^<input [^>]*type="(radio|checkbox)"/.test(node.html) &&
    /aria-controls="conditional-/.test(node.html) &&
    /^Fix all of the following:\s+ARIA attribute is not allowed: aria-expanded="(true|false)"$/.test(
      node.failureSummary ?? '',
    )
  );
}

/** WCAG 1.4.10: content reflows at 320 CSS pixels, 1280 pixels wide zoomed to 400%. */
const narrowWidth = 320;
/** The width of a common laptop screen at 100%, at which the header should keep to two rows. */
const wideWidth = 1280;

/**
 * Checks the page as it is now (it loads nothing) at two widths, then puts the viewport and the
 * keyboard focus back as they were:
 * - at 320 pixels nothing makes the page scroll sideways (WCAG 2.2 SC 1.4.10), naming what sticks
 *   out if something does, and every region that scrolls sideways itself (a wide table) can be
 *   reached by keyboard to scroll it;
 * - at 1280 pixels the header's links and names sit on at most two rows, so the menu does not push
 *   the page down.
 */
export async function checkReflow(page: Page): Promise<void> {
  const before = page.viewportSize() ?? { width: wideWidth, height: 720 };
  const focused = await page.evaluateHandle(() => document.activeElement);
  try {
    await resize(page, narrowWidth, before.height);
    // Written without named inner functions: tsx would name them with a helper the browser lacks.
    const narrow = await page.evaluate(() => {
      const root = document.documentElement;
      const edge = root.clientWidth + 0.5;
      const all = [...document.body.querySelectorAll('*')] as HTMLElement[];
      const out = new Set(
        root.scrollWidth > root.clientWidth
          ? all.filter((el) => {
              const box = el.getBoundingClientRect();
              const overflowing =
                getComputedStyle(el).overflowX === 'visible' && el.scrollWidth > el.clientWidth;
              return box.right > edge || (overflowing && box.left + el.scrollWidth > edge);
            })
          : [],
      );
      // What sticks out of a box that clips or scrolls it does not widen the page.
      const culprits = [...out].filter((el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
          if (getComputedStyle(a).overflowX !== 'visible') return false;
        return ![...el.querySelectorAll('*')].some((d) => out.has(d as HTMLElement));
      });
      const scrollers = all.filter(
        (el) =>
          ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth,
      );
      const shown = culprits.slice(0, 10);
      const named = [...shown, ...scrollers.filter((el) => el.tabIndex < 0)].map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')} “${(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60)}”`,
      );
      return {
        scrollWidth: root.scrollWidth,
        clientWidth: root.clientWidth,
        culprits: named.slice(0, shown.length),
        unreachable: named.slice(shown.length),
      };
    });
    assert.ok(
      narrow.scrollWidth <= narrow.clientWidth,
      `${page.url()} scrolls sideways at ${narrowWidth}px (${narrow.scrollWidth}px of content in ${narrow.clientWidth}px); what sticks out:\n${narrow.culprits.join('\n')}`,
    );
    assert.deepEqual(
      narrow.unreachable,
      [],
      `${page.url()} has regions that scroll sideways at ${narrowWidth}px but cannot be reached by keyboard`,
    );

    await resize(page, wideWidth, before.height);
    const rows = await page.evaluate(() => {
      const header = document.querySelector('header');
      const boxes = [...(header?.querySelectorAll('*') ?? [])]
        .filter(
          (el) =>
            ['A', 'BUTTON'].includes(el.tagName) ||
            [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()),
        )
        .map((el) => ({ rect: el.getBoundingClientRect(), text: (el.textContent ?? '').trim() }))
        // Visually hidden text is 1 pixel square; it takes no row.
        .filter((b) => b.rect.width > 1 && b.rect.height > 1)
        .sort((a, b) => a.rect.top - b.rect.top);
      const found: { bottom: number; texts: string[] }[] = [];
      for (const b of boxes) {
        const row = found.at(-1);
        if (row && b.rect.top < row.bottom - 1) {
          row.bottom = Math.max(row.bottom, b.rect.bottom);
          row.texts.push(b.text);
        } else found.push({ bottom: b.rect.bottom, texts: [b.text] });
      }
      return found.map((r) => r.texts.join(' | '));
    });
    assert.ok(
      rows.length <= 2,
      `The header of ${page.url()} takes ${rows.length} rows at ${wideWidth}px:\n${rows.join('\n')}`,
    );
  } finally {
    await resize(page, before.width, before.height);
    // Resizing hides what belongs to the other width (the Menu button); focus goes back where it was.
    await focused.evaluate((el) => {
      if (el instanceof HTMLElement && document.activeElement !== el) el.focus({ preventScroll: true });
    });
    await focused.dispose();
  }
}

/**
 * Resizes the viewport and waits for the next frame, by when the page's scripts have heard of it:
 * GOV.UK Frontend shows or hides the Menu button when a media query's answer changes.
 */
async function resize(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
}

/**
 * Waits for GOV.UK Frontend to start: the page script is a module (the CSP forbids inline
 * scripts), so the skip link, error summary focus and password reveal arrive after load.
 */
export async function waitForFrontend(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
}

export async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement);
}

export async function assertFocused(locator: Locator, what: string): Promise<void> {
  // Focus can move a moment after the keypress (GOV.UK Frontend moves it in an event handler).
  // The polling stays on this side: tsx names functions with a helper the browser does not have.
  const deadline = Date.now() + 2000;
  while (!(await isFocused(locator))) {
    if (Date.now() > deadline) {
      const active = await locator.page().evaluate(() => {
        const el = document.activeElement;
        if (!el) return 'nothing';
        return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${el.textContent?.trim().slice(0, 60)}"`;
      });
      assert.fail(`Expected focus on ${what}, but it is on ${active}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Presses Tab until the element has focus, as a keyboard user moves through a page. Fails if it
 * is not reached within `maxStops`, which also catches elements taken out of the tab order.
 */
export async function tabTo(page: Page, locator: Locator, maxStops = 40): Promise<number> {
  for (let stops = 1; stops <= maxStops; stops++) {
    await page.keyboard.press('Tab');
    if (await isFocused(locator)) return stops;
  }
  return assert.fail(`Could not reach ${locator} with the Tab key in ${maxStops} stops`);
}

/**
 * Presses a key that follows a link or sends a form, and waits until the next page has loaded
 * and started its script. Returns the last response, after any redirects. Waiting on the load
 * event, not the address, matters: a form that fails posts back to the address it came from.
 */
export async function pressAndLoad(page: Page, key = 'Enter'): Promise<Response> {
  let last: Response | undefined;
  const onResponse = (r: Response) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) last = r;
  };
  page.on('response', onResponse);
  try {
    await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
  } finally {
    page.off('response', onResponse);
  }
  await waitForFrontend(page);
  return last ?? assert.fail(`Pressing ${key} loaded no page`);
}

/** Signs in through the form using only the keyboard, and waits for the page after it. */
export async function signIn(page: Page, email: string, pw = password): Promise<void> {
  await page.goto('/sign-in');
  await waitForFrontend(page);
  await fillSignIn(page, email, pw);
  await pressAndLoad(page);
  assert.notEqual(new URL(page.url()).pathname, '/sign-in', `signing in as ${email} failed`);
}

/** Types into the sign-in form with the keyboard, leaving focus in the password field. */
export async function fillSignIn(page: Page, email: string, pw: string): Promise<void> {
  const emailField = page.getByLabel('Email address');
  await tabTo(page, emailField);
  if (email) await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await assertFocused(page.getByLabel('Password', { exact: true }), 'the password field');
  if (pw) await page.keyboard.type(pw);
}

/** Fills a GOV.UK date input by keyboard: the day, month and year boxes in turn. */
export async function typeDate(
  page: Page,
  legend: string,
  day: string,
  month: string,
  year: string,
): Promise<void> {
  const group = page.getByRole('group', { name: legend });
  await tabTo(page, group.getByLabel('Day'));
  await page.keyboard.type(day);
  await page.keyboard.press('Tab');
  await page.keyboard.type(month);
  await page.keyboard.press('Tab');
  await page.keyboard.type(year);
}

/** Chooses a radio button or checkbox in a named group by keyboard: Tab to it, then Space. */
export async function choose(page: Page, group: string, option: string): Promise<void> {
  await tabTo(page, page.getByRole('group', { name: group }).getByLabel(option, { exact: true }));
  await page.keyboard.press('Space');
}

/** The text of an element with runs of white space collapsed, for matching what a person reads. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
