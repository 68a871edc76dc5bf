// Phones (390×844, touch): a viewer of a session wider than the phone reads text at the readable
// minimum, pans it with a finger, pinches and double-taps; a writer has an extra-keys row whose
// Esc and sticky Ctrl reach the pane. Drags and pinches go through CDP (Playwright only taps).

import type { Page } from '@playwright/test';
import type { TmuxgateTestHook } from '../client/terminal/testHook.js';
import { READABLE_CELL_HEIGHT, READABLE_FONT_SIZE } from '../client/logic/fontFit.js';
import {
  ContextPages,
  expect,
  onItsOwnLine,
  openTerminal,
  screenText,
  signIn,
  test as base,
  typeLine,
} from './fixtures.js';
import { SESSION, TARGET, VIEWER, WRITER, type TestUser } from './incident.js';

/** A phone as the issue measured it: Chromium's mobile emulation with touch. */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The session's width in the acceptance: too wide for a phone at the readable minimum. */
const SESSION_COLS = 120;

/** Steps of a synthetic drag: touchmove events between its ends, as a finger sends them. */
const DRAG_STEPS = 8;

const test = base.extend<{ phone: (user: TestUser) => Promise<Page> }>({
  phone: async ({ browser, incident }, use) => {
    const pages = new ContextPages(browser, incident.baseUrl);
    try {
      await use(async (user) => {
        const page = await pages.open(PHONE);
        await signIn(page, user);
        await openTerminal(page, SESSION);
        return page;
      });
    } finally {
      await pages.close();
    }
  },
});

interface Measured {
  mode: string;
  cols: number;
  fontSize: number;
  zoom: number;
  /** One rendered row's height, in CSS px. */
  rowHeight: number;
  screenWidth: number;
  hostWidth: number;
  scrollLeft: number;
  pageWidth: number;
  innerWidth: number;
}

/** The viewer's layout (test hook) and what the DOM says of the terminal's size and panning. */
function measure(page: Page): Promise<Measured | undefined> {
  return page.evaluate(() => {
    const layout = (window as Window & { __tmuxgate?: TmuxgateTestHook }).__tmuxgate?.layout();
    const host = document.querySelector<HTMLElement>('.terminal-host');
    const screen = document.querySelector<HTMLElement>('.terminal-host > .xterm .xterm-screen');
    if (!layout || !host || !screen) return undefined;
    return {
      mode: layout.mode,
      cols: layout.cols,
      fontSize: layout.fontSize,
      zoom: layout.zoom,
      rowHeight: screen.offsetHeight / layout.rows,
      screenWidth: screen.offsetWidth,
      hostWidth: host.clientWidth,
      scrollLeft: host.scrollLeft,
      pageWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    };
  });
}

type TouchPoint = { x: number; y: number };

/** Fingers down at `from`, moved in steps to `to`, lifted: one finger per entry. */
async function touchGesture(page: Page, from: TouchPoint[], to: TouchPoint[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const at = (step: number): TouchPoint[] =>
    from.map((start, index) => {
      const end = to[index] ?? start;
      return {
        x: start.x + ((end.x - start.x) * step) / DRAG_STEPS,
        y: start.y + ((end.y - start.y) * step) / DRAG_STEPS,
      };
    });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let step = 1; step <= DRAG_STEPS; step++)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(step) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

test('a phone viewer of a 120-column session reads it at the minimum size, pans, pinches and double-taps', async ({
  incident,
  phone,
}) => {
  expect(
    incident.tmux('resize-window', '-t', `=${TARGET}`, '-x', String(SESSION_COLS)).status,
  ).toBe(0);
  const viewer = await phone(VIEWER);
  await expect.poll(async () => (await measure(viewer))?.cols).toBe(SESSION_COLS);
  await expect.poll(async () => (await measure(viewer))?.mode).toBe('window');

  // Readable: the font and the rendered rows keep the minimum; the terminal overhangs the page.
  await expect
    .poll(async () => {
      const m = await measure(viewer);
      return (
        m !== undefined && m.fontSize >= READABLE_FONT_SIZE && m.rowHeight >= READABLE_CELL_HEIGHT
      );
    })
    .toBe(true);
  const readable = await measure(viewer);
  expect(readable?.screenWidth).toBeGreaterThan(readable?.hostWidth ?? Infinity);
  // Nothing on the page is wider than the phone: the host pans, the page does not scroll.
  expect(readable?.pageWidth).toBeLessThanOrEqual(readable?.innerWidth ?? 0);
  expect(readable?.scrollLeft).toBe(0);

  // The view follows the cursor: a long line typed in the pane pans right, clearing it pans back
  // (to the prompt's end, with a margin).
  const pane = `=${TARGET}:`;
  expect(incident.tmux('send-keys', '-t', pane, `: ${'x'.repeat(SESSION_COLS - 20)}`).status).toBe(
    0,
  );
  await expect.poll(async () => (await measure(viewer))?.scrollLeft).toBeGreaterThan(100);
  expect(incident.tmux('send-keys', '-t', pane, 'C-u').status).toBe(0);
  await expect.poll(async () => (await measure(viewer))?.scrollLeft).toBeLessThan(100);

  // A finger dragging left pans the terminal right (and the page stays put).
  const box = await viewer.locator('.terminal-host').boundingBox();
  if (!box) throw new Error('no terminal host');
  const y = box.y + box.height / 3;
  const before = (await measure(viewer))?.scrollLeft ?? 0;
  await touchGesture(viewer, [{ x: box.x + 300, y }], [{ x: box.x + 100, y }]);
  await expect.poll(async () => (await measure(viewer))?.scrollLeft).toBeGreaterThan(before + 100);
  expect(await viewer.evaluate(() => window.scrollX)).toBe(0);

  // The history view covers the panned host where it shows, not off to the side.
  // On 390 px the status bar folds its controls into More.
  await viewer.getByTestId('status-more').click();
  await viewer.getByRole('button', { name: 'History', exact: true }).click();
  await expect(viewer.getByTestId('history-close')).toBeVisible();
  await expect
    .poll(async () => (await viewer.locator('.history-view').boundingBox())?.x)
    .toBe(box.x);
  await viewer.getByTestId('history-close').dispatchEvent('click');
  await expect(viewer.getByTestId('history-close')).toHaveCount(0);

  // Two fingers apart: a local zoom in; the session keeps its size.
  const middle = { x: box.x + box.width / 2, y };
  await touchGesture(
    viewer,
    [
      { x: middle.x - 40, y },
      { x: middle.x + 40, y },
    ],
    [
      { x: middle.x - 100, y },
      { x: middle.x + 100, y },
    ],
  );
  await expect.poll(async () => (await measure(viewer))?.zoom).toBeGreaterThan(1);
  expect((await measure(viewer))?.cols).toBe(SESSION_COLS);

  // A double tap: the whole window at once, smaller than the minimum by the viewer's choice.
  await viewer.touchscreen.tap(middle.x, y);
  await viewer.touchscreen.tap(middle.x, y);
  await expect
    .poll(async () => {
      const m = await measure(viewer);
      return m !== undefined && m.screenWidth <= m.hostWidth;
    })
    .toBe(true);
  const whole = await measure(viewer);
  expect(whole?.fontSize).toBeLessThan(READABLE_FONT_SIZE);
  expect(whole?.zoom).toBe(1);

  // Another double tap: readable again.
  await viewer.touchscreen.tap(middle.x, y);
  await viewer.touchscreen.tap(middle.x, y);
  await expect.poll(async () => (await measure(viewer))?.fontSize).toBe(readable?.fontSize);
  // Viewers have no extra-keys row: they cannot type.
  await expect(viewer.getByTestId('extra-keys')).toBeHidden();
});

test('a phone writer taps Esc and sticky Ctrl in the extra-keys row and the pane gets them', async ({
  phone,
}) => {
  const writer = await phone(WRITER);
  const keys = writer.getByTestId('extra-keys');
  await expect(keys).toBeVisible();
  const row = await keys.boundingBox();
  expect(row?.width).toBeLessThanOrEqual(PHONE.viewport.width);
  // Above the status bar, where the thumb is.
  const status = await writer.getByRole('contentinfo').boundingBox();
  expect((row?.y ?? Infinity) + (row?.height ?? 0)).toBeLessThanOrEqual(status?.y ?? 0);

  await typeLine(writer, 'cat -v');
  await keys.getByRole('button', { name: 'Esc', exact: true }).tap();
  await writer.keyboard.press('Enter');
  await expect.poll(() => screenText(writer)).toMatch(onItsOwnLine('^['));
  // Ctrl is held for one key: `c` typed next is ^C, which ends cat; the key after is plain.
  const ctrl = keys.getByRole('button', { name: 'Ctrl' });
  await ctrl.tap();
  await expect(ctrl).toHaveAttribute('aria-pressed', 'true');
  await writer.keyboard.type('c');
  await expect(ctrl).toHaveAttribute('aria-pressed', 'false');
  await typeLine(writer, 'echo after-cat-$((6*7))');
  await expect.poll(() => screenText(writer)).toMatch(onItsOwnLine('after-cat-42'));

  // Sticky Ctrl, then `c` on the keyboard, interrupts a long sleep.
  await typeLine(writer, 'sleep 100');
  await ctrl.tap();
  await writer.keyboard.type('c');
  await typeLine(writer, 'echo after-sleep-$((6*7))');
  await expect.poll(() => screenText(writer)).toMatch(onItsOwnLine('after-sleep-42'));
});

test('emulated IME input (CDP composition, then commit) reaches the pane exactly once', async ({
  phone,
}) => {
  const writer = await phone(WRITER);
  await typeLine(writer, 'cat -v');
  await writer.locator('.xterm-helper-textarea').focus();
  await writer.keyboard.type('ime-');
  const cdp = await writer.context().newCDPSession(writer);
  await cdp.send('Input.imeSetComposition', { text: 'ü', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.insertText', { text: 'ü' });
  await cdp.detach();
  await writer.keyboard.type('-done');
  await writer.keyboard.press('Enter');
  // cat -v shows ü's two UTF-8 bytes as M-CM-<; twice would be a duplicated commit.
  await expect.poll(() => screenText(writer)).toMatch(onItsOwnLine('ime-M-CM-<-done'));
});
