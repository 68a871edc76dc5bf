// Fit-to-window in real Chromium: a viewer's terminal keeps the session window's size and scales
// its font to its page; local zoom and an own size never touch the session.

import type { Page } from '@playwright/test';
import {
  expect,
  onItsOwnLine,
  screenText,
  test,
  typeLine,
  openWriterAndViewer,
  waitConnected,
} from './fixtures.js';
import type { Gateway } from './gateway.js';
import { TARGET } from './incident.js';
import type { TmuxgateTestHook } from '../client/terminal/testHook.js';

const VIEWPORTS = { writer: { width: 1200, height: 800 }, viewer: { width: 500, height: 350 } };

type Layout = ReturnType<TmuxgateTestHook['layout']>;

function layout(page: Page): Promise<Layout | undefined> {
  return page.evaluate(() =>
    (window as Window & { __tmuxgate?: TmuxgateTestHook }).__tmuxgate?.layout(),
  );
}

/**
 * Sizes of the tmux clients on the incident's session, as "COLSxROWS", read-only ones marked
 * (the gateway's size guards, control-mode clients without a size, left out).
 */
function tmuxClients(gateway: Gateway): string[] {
  const result = gateway.tmux(
    'list-clients',
    '-t',
    `=${TARGET}`,
    '-F',
    '#{?client_control_mode,,#{?client_readonly,ro,rw} #{client_width}x#{client_height}}',
  );
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter((line) => line !== '');
}

test('a viewer follows the window at its size, font scaled to its page, and zooms locally', async ({
  incident,
  newPage,
}) => {
  const { writer, viewer } = await openWriterAndViewer(newPage, VIEWPORTS);

  // The viewer's terminal has the writer's size, drawn in a smaller font to fit its small page.
  const writerLayout = await layout(writer);
  expect(writerLayout?.mode).toBe('fill');
  await expect
    .poll(async () => {
      const view = await layout(viewer);
      return view && [view.mode, view.cols, view.rows];
    })
    .toEqual(['window', writerLayout?.cols, writerLayout?.rows]);
  const fitted = (await layout(viewer))?.fontSize ?? 0;
  expect(fitted).toBeLessThan(writerLayout?.fontSize ?? 0);
  // The writer's window is too wide for the viewer's page at a readable size: the font stops at
  // the readable minimum and the page pans over the window (docs/phones.md).
  expect(fitted).toBeGreaterThanOrEqual(10);
  const box = await viewer.locator('.terminal-host .xterm-screen').boundingBox();
  expect(box?.width).toBeGreaterThan(VIEWPORTS.viewer.width);
  const pans = await viewer
    .locator('.terminal-host')
    .evaluate((host) => host.scrollWidth > host.clientWidth);
  expect(pans).toBe(true);

  await typeLine(writer, 'echo seen-whole-$((6*7))');
  await expect.poll(() => screenText(viewer)).toMatch(onItsOwnLine('seen-whole-42'));
  await expect.poll(() => screenText(viewer)).toBe(await screenText(writer));
  // One tmux client for the writer, one shared read-only one of the same size for the viewer.
  expect(tmuxClients(incident).sort()).toEqual(
    [
      `ro ${writerLayout?.cols}x${writerLayout?.rows}`,
      `rw ${writerLayout?.cols}x${writerLayout?.rows}`,
    ].sort(),
  );

  // Ctrl + zooms in locally: a larger font, the same size in tmux; Ctrl 0 fits again.
  await viewer.locator('.xterm-helper-textarea').focus();
  await viewer.keyboard.press('Control+Equal');
  await expect.poll(async () => (await layout(viewer))?.zoom).toBeGreaterThan(1);
  expect((await layout(viewer))?.fontSize).toBeGreaterThan(fitted);
  expect((await layout(viewer))?.cols).toBe(writerLayout?.cols);
  await viewer.keyboard.press('Control+Digit0');
  await expect.poll(async () => (await layout(viewer))?.fontSize).toBe(fitted);
  expect(tmuxClients(incident)).toHaveLength(2);

  // The writer's window grows: the viewer follows it.
  await writer.setViewportSize({ width: 1000, height: 600 });
  const resized = await expect
    .poll(async () => (await layout(writer))?.cols)
    .not.toBe(writerLayout?.cols)
    .then(() => layout(writer));
  await expect
    .poll(async () => {
      const view = await layout(viewer);
      return view && [view.cols, view.rows];
    })
    .toEqual([resized?.cols, resized?.rows]);
});

test('a viewer can choose its own size, and go back to following the window', async ({
  incident,
  newPage,
}) => {
  const { writer, viewer } = await openWriterAndViewer(newPage, VIEWPORTS);
  const writerLayout = await layout(writer);
  await expect.poll(async () => (await layout(viewer))?.mode).toBe('window');

  const fit = viewer.getByTestId('fit-toggle');
  await expect(fit).toBeVisible();
  await expect(writer.getByTestId('fit-toggle')).toBeHidden();
  await expect(fit).toHaveAttribute('aria-pressed', 'true');
  await fit.click();
  await expect(fit).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await layout(viewer))?.mode).toBe('fill');
  const own = await layout(viewer);
  expect(own?.cols).toBeLessThan(writerLayout?.cols ?? 0);
  // Its own read-only client at its page's size; the window keeps the writer's size.
  await expect
    .poll(() => tmuxClients(incident).sort())
    .toEqual(
      [`ro ${own?.cols}x${own?.rows}`, `rw ${writerLayout?.cols}x${writerLayout?.rows}`].sort(),
    );
  await typeLine(writer, 'echo own-size-$((6*7))');
  await expect.poll(() => screenText(viewer)).toMatch(/own-size-42/);

  // The choice is remembered for this browser; pressing Fit again follows the window.
  await viewer.reload();
  await waitConnected(viewer);
  await expect.poll(async () => (await layout(viewer))?.mode).toBe('fill');
  await viewer.getByTestId('fit-toggle').click();
  await expect
    .poll(async () => {
      const view = await layout(viewer);
      return view && [view.mode, view.cols, view.rows];
    })
    .toEqual(['window', writerLayout?.cols, writerLayout?.rows]);
});
