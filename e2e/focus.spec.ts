// Keyboard focus in real Chromium: after any status-bar control (or the read-only banner's
// button, or a menu or dialog closing) the keys typed next reach the pane, and nothing is lost.

import type { Page } from '@playwright/test';
import {
  expect,
  onItsOwnLine,
  openWriterAndViewer,
  screenText,
  test,
  typeLine,
} from './fixtures.js';

/** Whether the keyboard is on the live terminal (xterm.js's input textarea). */
function terminalHasFocus(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      document.activeElement?.classList.contains('xterm-helper-textarea') === true &&
      document.activeElement.closest('.history-view') === null,
  );
}

/** Types a command without focusing anything first, and waits for its output on the pane. */
async function typeStraightAway(page: Page, label: string): Promise<void> {
  await expect.poll(() => terminalHasFocus(page), `focus after ${label}`).toBe(true);
  await page.keyboard.type(`echo typed-after-${label}-$((6*7))`);
  await page.keyboard.press('Enter');
  await expect.poll(() => screenText(page)).toMatch(onItsOwnLine(`typed-after-${label}-42`));
}

test('after each status-bar control the writer types straight into the pane', async ({ owner }) => {
  test.slow();
  await typeLine(owner, 'clear');

  await owner.getByTestId('record-toggle').click();
  await typeStraightAway(owner, 'record');

  // People opens the panel; pressing People again closes it.
  await owner.getByTestId('presence-toggle').click();
  await expect(owner.getByTestId('presence-panel')).toBeVisible();
  await owner.getByTestId('presence-toggle').click();
  await expect(owner.getByTestId('presence-panel')).toBeHidden();
  await typeStraightAway(owner, 'people');

  // Share opens its dialog; its Close button closes it.
  await owner.getByTestId('share-button').click();
  const dialog = owner.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await typeStraightAway(owner, 'share');

  // Settings opens its menu; Escape closes it, and Done does too.
  await owner.getByTestId('settings-button').click();
  const menu = owner.locator('#settings-panel');
  await expect(menu).toBeVisible();
  await owner.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await typeStraightAway(owner, 'settings');
  await owner.getByTestId('settings-button').click();
  await menu.getByRole('button', { name: 'Done' }).click();
  await expect(menu).toBeHidden();
  await typeStraightAway(owner, 'done');

  // A setting changed in the menu, then a click on the terminal: the menu closes, keys go on.
  await owner.getByTestId('settings-button').click();
  await owner.getByTestId('settings-font-larger').click();
  await owner.locator('.terminal-host .xterm-screen').click();
  await expect(menu).toBeHidden();
  await typeStraightAway(owner, 'outside');

  // Recording back off (Record is a toggle).
  await owner.getByTestId('record-toggle').click();
  await typeStraightAway(owner, 'record-off');
});

test("a viewer's Fit and Request write access give the keyboard back to the terminal", async ({
  newPage,
}) => {
  const { viewer } = await openWriterAndViewer(newPage, {
    writer: { width: 1000, height: 700 },
    viewer: { width: 900, height: 600 },
  });
  await viewer.getByTestId('fit-toggle').click();
  await expect.poll(() => terminalHasFocus(viewer)).toBe(true);
  await viewer.getByTestId('fit-toggle').click();
  await expect.poll(() => terminalHasFocus(viewer)).toBe(true);

  await viewer.getByTestId('request-write').click();
  await expect(viewer.getByTestId('request-write-status')).not.toBeEmpty();
  await expect.poll(() => terminalHasFocus(viewer)).toBe(true);
});

test('Tab reaches every status-bar control, each with a name and a visible focus ring', async ({
  owner,
}) => {
  const names: string[] = [];
  await owner.locator('.status-lobby').focus();
  for (let step = 0; step < 12; step++) {
    const focused = await owner.evaluate(() => {
      const active = document.activeElement;
      if (!(active instanceof HTMLElement) || active.closest('.status-bar') === null) return null;
      const ring = getComputedStyle(active).outlineStyle;
      return { name: active.ariaLabel ?? active.textContent.trim(), ring };
    });
    if (focused === null) break;
    expect(focused.name, 'accessible name').not.toBe('');
    expect(focused.ring, `focus ring of ${focused.name}`).not.toBe('none');
    names.push(focused.name);
    await owner.keyboard.press('Tab');
  }
  expect(names).toEqual([
    'tmuxgate',
    'History',
    'People 1',
    'Share',
    'Record',
    'Recordings',
    'Settings',
  ]);
});
