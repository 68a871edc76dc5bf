// The history view in real Chromium: a viewer and a writer each scroll back, search and copy in
// their own tab, and neither the pane (never in copy mode) nor anyone else's screen changes; with
// tmux `mouse on` the wheel stays tmux's; a share link without history gives no history view.

import type { Page } from '@playwright/test';
import type { HistoryState, TmuxgateTestHook } from '../client/terminal/testHook.js';
import { TEST_SHELL } from '../testing/tmuxFixture.js';
import {
  EMBEDDED_SESSION,
  expect,
  openAsOwner,
  openTerminal,
  waitConnected,
  screenText,
  signIn,
  test,
  typeLine,
  onItsOwnLine,
} from './fixtures.js';
import type { Gateway } from './gateway.js';
import { SESSION, TARGET, VIEWER, WRITER } from './incident.js';

/** Lines printed before anyone joins: more than one page (2,000) of history, as in the issue. */
const PRINTED_LINES = 5_000;

/** Above PRINTED_LINES, so that tmux keeps them all (its default keeps 2,000). */
const HISTORY_LIMIT = 20_000;

/** The pane of the session, addressed exactly. */
const PANE = `=${TARGET}:`;

/** An early line: only in the oldest page of the snapshot. */
const EARLY_LINE = 'history line 00007';

/** The line searched for and copied. */
const SEARCHED = 'history line 00042';

/** Printing 5,000 lines, loading pages, searching them: generous for a loaded 2-core machine. */
const SLOW_MS = 60_000;

const VIEWPORT = { width: 1000, height: 700 };

/** One wheel notch's worth. */
const WHEEL_PX = 120;

function tmux(gateway: Gateway, ...args: string[]): string {
  const result = gateway.tmux(...args);
  expect(result.status, `tmux ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout.trimEnd();
}

/**
 * Replaces the session's pane with one made after `history-limit` was raised (tmux sets a pane's
 * limit when it is created), and prints PRINTED_LINES numbered lines into it.
 */
async function printHistory(gateway: Gateway): Promise<void> {
  tmux(gateway, 'set-option', '-g', 'history-limit', String(HISTORY_LIMIT));
  tmux(gateway, 'new-window', '-d', '-t', `=${TARGET}:9`, ...TEST_SHELL);
  tmux(gateway, 'kill-window', '-t', `=${TARGET}:0`);
  tmux(gateway, 'move-window', '-s', `=${TARGET}:9`, '-t', `=${TARGET}:0`);
  tmux(
    gateway,
    'send-keys',
    '-t',
    PANE,
    `for i in $(seq 1 ${String(PRINTED_LINES)}); do printf 'history line %05d\\n' $i; done`,
    'Enter',
  );
  const last = `history line ${String(PRINTED_LINES).padStart(5, '0')}`;
  await expect
    .poll(() => tmux(gateway, 'capture-pane', '-p', '-t', PANE), { timeout: SLOW_MS })
    .toMatch(onItsOwnLine(last));
}

/** Whether the pane is in a mode (copy mode, say): it must stay 0 throughout. */
function paneInMode(gateway: Gateway): string {
  return tmux(gateway, 'display-message', '-p', '-t', PANE, '#{pane_in_mode}');
}

type HookWindow = Window & { __tmuxgate?: TmuxgateTestHook };

function history(page: Page): Promise<HistoryState | undefined> {
  return page.evaluate(() => (window as HookWindow).__tmuxgate?.history());
}

async function openPage(
  newPage: (viewport?: typeof VIEWPORT) => Promise<Page>,
  user: typeof WRITER,
  gateway: Gateway,
): Promise<Page> {
  const page = await newPage(VIEWPORT);
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gateway.baseUrl });
  await signIn(page, user);
  await openTerminal(page, SESSION);
  return page;
}

/**
 * Opens the history with the wheel over the live terminal, scrolls up to an early line, searches
 * and copies a line with Ctrl+C, optionally sees what the pane prints meanwhile, then goes back to
 * live with Esc or the wheel past the bottom.
 */
async function readHistory(
  page: Page,
  gateway: Gateway,
  leave: 'Escape' | 'wheel past the bottom',
  printWhileOpen = false,
): Promise<void> {
  const box = await page.locator('.terminal-host').boundingBox();
  if (box === null) throw new Error('no terminal on the page');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -WHEEL_PX);
  await expect.poll(async () => (await history(page))?.total ?? 0).toBeGreaterThan(0);
  await expect(page.getByTestId('history-close')).toBeVisible();

  // The wheel scrolls the view up (xterm.js moves a few rows a notch)...
  const bottom = (await history(page))?.visibleText ?? '';
  await expect
    .poll(async () => {
      await page.mouse.wheel(0, -WHEEL_PX);
      return (await history(page))?.visibleText ?? '';
    })
    .not.toBe(bottom);
  // ...and Home, many thousand rows faster, to the top: the older pages come in near it.
  await expect
    .poll(
      async () => {
        await page.keyboard.press('Home');
        return (await history(page))?.visibleText ?? '';
      },
      { timeout: SLOW_MS },
    )
    .toMatch(onItsOwnLine(EARLY_LINE));
  expect((await history(page))?.from).toBe(0);
  expect(paneInMode(gateway)).toBe('0');

  await page.getByTestId('history-search').fill(SEARCHED);
  await page.getByTestId('history-search').press('Enter');
  await expect(page.getByTestId('history-matches')).toHaveText('1 of 1', { timeout: SLOW_MS });
  await expect.poll(async () => (await history(page))?.selection).toBe(SEARCHED);
  await expect(page.locator('.history-view .xterm-find-result-decoration')).not.toHaveCount(0);

  await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await page.locator('.history-view .xterm-helper-textarea').focus();
  await page.keyboard.press('Control+c');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(SEARCHED);

  if (printWhileOpen) {
    // Scrolled up, the view keeps its place and counts what arrives; End shows it.
    tmux(gateway, 'send-keys', '-t', PANE, 'echo printed-while-open', 'Enter');
    await expect
      .poll(async () => (await history(page))?.newLines ?? 0, { timeout: SLOW_MS })
      .toBeGreaterThan(0);
    await expect(page.getByTestId('history-new-lines')).toBeVisible();
    await page.keyboard.press('End');
    await expect
      .poll(async () => (await history(page))?.visibleText ?? '')
      .toMatch(onItsOwnLine('printed-while-open'));
    await expect.poll(async () => (await history(page))?.newLines).toBe(0);
  }

  if (leave === 'Escape') {
    await page.keyboard.press('Escape');
  } else {
    await page.keyboard.press('End');
    await expect
      .poll(async () => {
        await page.mouse.wheel(0, WHEEL_PX);
        return history(page);
      })
      .toBeUndefined();
  }
  await expect.poll(() => history(page)).toBeUndefined();
  await expect(page.getByTestId('history-close')).toHaveCount(0);
  await expect(page.locator('.terminal-host > .xterm .xterm-helper-textarea')).toBeFocused();
  expect(paneInMode(gateway)).toBe('0');
}

test.describe('history view', () => {
  test.setTimeout(3 * SLOW_MS);

  test('a viewer who joined late scrolls back, searches, copies and returns to live', async ({
    incident,
    newPage,
  }) => {
    await printHistory(incident);
    const writer = await openPage(newPage, WRITER, incident);
    const viewer = await openPage(newPage, VIEWER, incident);
    await expect(viewer.getByTestId('history-button')).toBeVisible();

    await readHistory(viewer, incident, 'Escape', true);

    // Live again: what the writer types shows up on the viewer's screen.
    await typeLine(writer, 'echo back-to-live');
    await expect
      .poll(() => screenText(viewer), { timeout: SLOW_MS })
      .toMatch(onItsOwnLine('back-to-live'));
    expect(paneInMode(incident)).toBe('0');
  });

  test('a writer reads history without moving the pane or a viewer’s screen', async ({
    incident,
    newPage,
  }) => {
    await printHistory(incident);
    const writer = await openPage(newPage, WRITER, incident);
    const viewer = await openPage(newPage, VIEWER, incident);
    await typeLine(writer, 'echo before-history');
    await expect
      .poll(() => screenText(viewer), { timeout: SLOW_MS })
      .toMatch(onItsOwnLine('before-history'));
    const viewerScreen = await screenText(viewer);
    const paneScreen = tmux(incident, 'capture-pane', '-p', '-t', PANE);

    await readHistory(writer, incident, 'wheel past the bottom');

    // Nothing reached the pane (no arrow keys from the wheel, no copy mode), nor the viewer.
    expect(tmux(incident, 'capture-pane', '-p', '-t', PANE)).toBe(paneScreen);
    expect(await screenText(viewer)).toBe(viewerScreen);
    await typeLine(writer, 'echo after-history');
    await expect
      .poll(() => screenText(viewer), { timeout: SLOW_MS })
      .toMatch(onItsOwnLine('after-history'));
  });

  test('with tmux mouse on, a writer’s wheel goes to tmux; Shift+PageUp still opens history', async ({
    incident,
    newPage,
  }) => {
    await printHistory(incident);
    const writer = await openPage(newPage, WRITER, incident);
    tmux(incident, 'set-option', '-g', 'mouse', 'on');
    await typeLine(writer, 'echo mouse-on');
    const box = await writer.locator('.terminal-host').boundingBox();
    if (box === null) throw new Error('no terminal on the page');
    await writer.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // tmux's own wheel binding scrolls its copy mode: the wheel reached tmux, not the page.
    await expect
      .poll(async () => {
        await writer.mouse.wheel(0, -WHEEL_PX);
        return paneInMode(incident);
      })
      .toBe('1');
    expect(await history(writer)).toBeUndefined();
    tmux(incident, 'send-keys', '-t', PANE, '-X', 'cancel');

    await writer.locator('.xterm-helper-textarea').focus();
    await writer.keyboard.press('Shift+PageUp');
    await expect.poll(async () => (await history(writer))?.total ?? 0).toBeGreaterThan(0);
    expect(paneInMode(incident)).toBe('0');
  });

  test('the picker shows another pane’s history, named as text', async ({ incident, newPage }) => {
    tmux(incident, 'rename-window', '-t', PANE, 'editor');
    tmux(
      incident,
      'split-window',
      '-d',
      '-t',
      PANE,
      '--',
      'sh',
      '-c',
      'echo only-in-split; exec cat',
    );
    tmux(incident, 'select-pane', '-t', `=${TARGET}:0.1`, '-T', '<i>split</i>');
    const viewer = await openPage(newPage, VIEWER, incident);
    await viewer.getByTestId('history-button').click();
    await expect.poll(async () => (await history(viewer))?.total ?? 0).toBeGreaterThan(0);
    const picker = viewer.getByTestId('history-pane');
    await expect(picker).toBeVisible();
    await expect(picker.locator('option')).toHaveText([
      /^0:editor — pane 0/,
      '0:editor — pane 1 <i>split</i>',
    ]);
    const split = tmux(incident, 'display-message', '-p', '-t', `=${TARGET}:0.1`, '#{pane_id}');
    await picker.selectOption(split);
    await expect.poll(async () => (await history(viewer))?.paneId).toBe(split);
    await expect
      .poll(async () => (await history(viewer))?.text ?? '', { timeout: SLOW_MS })
      .toMatch(onItsOwnLine('only-in-split'));
    expect(paneInMode(incident)).toBe('0');
  });

  test('a share link without history gives its guests no history view', async ({
    gateway,
    openPage: openEmbeddedPage,
  }) => {
    const owner = await openEmbeddedPage();
    await openAsOwner(owner, gateway);
    await expect(owner.getByTestId('history-button')).toBeVisible();

    await owner.getByTestId('share-button').click();
    await expect(owner.getByTestId('share-history')).toBeChecked();
    await owner.getByTestId('share-dialog').getByRole('button', { name: 'Close' }).click();
    const noHistory = await shareLink(owner, false);
    const guest = await openEmbeddedPage();
    await joinAs(guest, noHistory, 'no-history guest');
    await expect(guest.getByTestId('history-button')).toBeHidden();
    await guest.locator('.xterm-helper-textarea').focus();
    await guest.keyboard.press('Shift+PageUp');
    expect(await history(guest)).toBeUndefined();

    const withHistory = await shareLink(owner, true);
    const other = await openEmbeddedPage();
    await joinAs(other, withHistory, 'history guest');
    await other.getByTestId('history-button').click();
    await expect.poll(async () => (await history(other))?.total ?? 0).toBeGreaterThan(0);
  });
});

/** Creates a viewer link in the owner's share dialog, history ticked or not; returns its URL. */
async function shareLink(owner: Page, withHistory: boolean): Promise<string> {
  await owner.getByTestId('share-button').click();
  const dialog = owner.getByTestId('share-dialog');
  await dialog.getByTestId('share-history').setChecked(withHistory);
  const url = dialog.getByTestId('share-url');
  // The dialog still shows the previous link until the new one is created.
  const previous = (await url.isVisible()) ? await url.inputValue() : '';
  await dialog.getByTestId('share-create').click();
  await expect(url).toHaveValue(/\/join\/[A-Za-z0-9_-]+$/);
  await expect(url).not.toHaveValue(previous);
  const value = await url.inputValue();
  await dialog.getByRole('button', { name: 'Close' }).click();
  return value;
}

async function joinAs(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
  await expect(page).toHaveURL(new RegExp(`/s/${EMBEDDED_SESSION}$`));
  await waitConnected(page);
}
