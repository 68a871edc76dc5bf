// The settings menu in real Chromium: theme, font size and screen reader mode apply at once and
// survive a reload; on a phone-sized screen the status bar folds into "More" and fits.

import type { Page } from '@playwright/test';
import type { TmuxgateTestHook } from '../client/terminal/testHook.js';
import {
  expect,
  onItsOwnLine,
  openAsOwner,
  openWriterAndViewer,
  screenText,
  test,
  typeLine,
  waitConnected,
} from './fixtures.js';

type HookWindow = Window & { __tmuxgate?: TmuxgateTestHook };

/** What the page shows of the settings: theme, terminal background, font, screen reader tree. */
function shownSettings(page: Page) {
  return page.evaluate(() => {
    // xterm.js paints the theme's background inline on its scrollable element.
    const viewport = Array.from(
      document.querySelectorAll<HTMLElement>('.terminal-host > .xterm *'),
    ).find((element) => element.style.backgroundColor !== '');
    return {
      theme: document.documentElement.dataset.theme,
      pageBackground: getComputedStyle(document.body).backgroundColor,
      terminalBackground: viewport === undefined ? '' : getComputedStyle(viewport).backgroundColor,
      fontSize: (window as HookWindow).__tmuxgate?.layout().fontSize,
      cols: (window as HookWindow).__tmuxgate?.layout().cols,
      screenReader: document.querySelector('.terminal-host .xterm-accessibility') !== null,
    };
  });
}

test('theme, font size and screen reader mode apply at once and survive a reload', async ({
  owner,
}) => {
  const before = await shownSettings(owner);
  expect(before).toMatchObject({ theme: 'dark', fontSize: 14, screenReader: false });

  await owner.getByTestId('settings-button').click();
  await owner.getByTestId('settings-theme').selectOption('light');
  await expect
    .poll(() => shownSettings(owner))
    .toMatchObject({
      theme: 'light',
      pageBackground: 'rgb(255, 255, 255)',
      terminalBackground: 'rgb(255, 255, 255)',
    });

  await owner.getByTestId('settings-font-larger').click();
  await owner.getByTestId('settings-font-larger').click();
  await expect(owner.getByTestId('settings-font-size')).toHaveText('16 px');
  await expect.poll(async () => (await shownSettings(owner)).fontSize).toBe(16);
  // A larger font fills the same window with fewer columns, and tmux is told.
  await expect.poll(async () => (await shownSettings(owner)).cols).toBeLessThan(before.cols ?? 0);

  await owner.getByTestId('settings-reader').check();
  await expect.poll(async () => (await shownSettings(owner)).screenReader).toBe(true);
  await owner.keyboard.press('Escape');

  const chosen = await shownSettings(owner);
  await owner.reload();
  await waitConnected(owner);
  await expect.poll(() => shownSettings(owner)).toEqual(chosen);
  await owner.getByTestId('settings-button').click();
  await expect(owner.getByTestId('settings-theme')).toHaveValue('light');
  await expect(owner.getByTestId('settings-reader')).toBeChecked();
  await expect(owner.getByTestId('settings-font-size')).toHaveText('16 px');

  // High contrast, then back to dark: the stylesheet's colours again.
  await owner.getByTestId('settings-theme').selectOption('high-contrast');
  await expect
    .poll(() => shownSettings(owner))
    .toMatchObject({ theme: 'high-contrast', terminalBackground: 'rgb(0, 0, 0)' });
  await owner.getByTestId('settings-theme').selectOption('dark');
  await expect
    .poll(() => shownSettings(owner))
    .toMatchObject({ theme: 'dark', pageBackground: before.pageBackground });
});

test('a bad stored value falls back to the defaults', async ({ owner }) => {
  await owner.evaluate(() => localStorage.setItem('tmuxgate.settings', '{"theme":"neon"'));
  await owner.reload();
  await waitConnected(owner);
  await expect
    .poll(() => shownSettings(owner))
    .toMatchObject({ theme: 'dark', fontSize: 14, screenReader: false });
});

test('at 390 px wide the status bar folds into More and nothing is wider than the screen', async ({
  gateway,
  openPage,
}) => {
  const page = await openPage({ viewport: { width: 390, height: 700 } });
  await openAsOwner(page, gateway);
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(await fits()).toBe(true);
  const bar = await page.locator('.status-bar').boundingBox();
  expect(bar?.width).toBeLessThanOrEqual(390);
  await expect(page.locator('.status-session')).toBeVisible();
  await expect(page.locator('.status-bar .role-badge')).toBeVisible();
  await expect(page.locator('.status-state')).toBeVisible();
  await expect(page.getByTestId('share-button')).toBeHidden();

  // More shows the controls; one of them used from there closes it.
  await page.getByTestId('status-more').click();
  await expect(page.getByTestId('share-button')).toBeVisible();
  expect(await fits()).toBe(true);
  await page.getByTestId('settings-button').click();
  await expect(page.locator('#settings-panel')).toBeVisible();
  await expect(page.getByTestId('share-button')).toBeHidden();
  expect(await fits()).toBe(true);
  await page.keyboard.press('Escape');
  await expect(page.locator('#settings-panel')).toBeHidden();

  // Escape closes More too, and the keys typed next reach the pane.
  await page.getByTestId('status-more').click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-button')).toBeHidden();
  await page.keyboard.type('echo narrow-$((6*7))');
  await page.keyboard.press('Enter');
  await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('narrow-42'));
  await typeLine(page, 'echo still-here');
  await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('still-here'));
});

test("a viewer's read-only banner folds at 390 px; at 500 px the controls stay in the bar", async ({
  newPage,
}) => {
  const { viewer } = await openWriterAndViewer(newPage, {
    writer: { width: 1000, height: 700 },
    viewer: { width: 390, height: 700 },
  });
  const barFits = () =>
    viewer.evaluate(() => {
      const bar = document.querySelector('.status-bar');
      return (
        document.documentElement.scrollWidth <= innerWidth &&
        bar !== null &&
        bar.scrollWidth <= bar.clientWidth
      );
    });
  const banner = viewer.locator('.read-only-banner');
  await expect(banner).toBeVisible();
  await viewer.getByTestId('request-write').click();
  await expect(viewer.getByTestId('request-write-status')).not.toBeEmpty();
  expect((await banner.boundingBox())?.width).toBeLessThanOrEqual(390);
  await expect.poll(barFits).toBe(true);

  // Wider, the viewer's controls fit in the bar: no More.
  await viewer.setViewportSize({ width: 500, height: 700 });
  await expect(viewer.getByTestId('fit-toggle')).toBeVisible();
  await expect(viewer.getByTestId('status-more')).toBeHidden();
  await expect.poll(barFits).toBe(true);
});
