// Playwright fixtures: a real gateway per test, plus helpers that read the page's test hook.

import { test as base, expect, type Page } from '@playwright/test';
import type { TmuxgateTestHook } from '../client/testHook.js';
import { Gateway } from './gateway.js';

export { expect };

export const test = base.extend<{ gateway: Gateway }>({
  // Playwright requires the destructuring pattern even when no other fixture is used.
  // eslint-disable-next-line no-empty-pattern
  gateway: async ({}, use, testInfo) => {
    const gateway = await Gateway.create();
    try {
      await gateway.start();
      await use(gateway);
    } finally {
      await gateway.dispose();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('gateway-stderr', { body: gateway.logs, contentType: 'text/plain' });
      }
    }
  },
});

type HookWindow = Window & { __tmuxgate?: TmuxgateTestHook };

/** The terminal's visible text, or '' before the terminal page has started. */
export function screenText(page: Page): Promise<string> {
  return page.evaluate(() => (window as HookWindow).__tmuxgate?.screenText() ?? '');
}

export function connectionState(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as HookWindow).__tmuxgate?.connectionState());
}

export function role(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as HookWindow).__tmuxgate?.role());
}

/** Waits until the page's terminal is connected to the gateway. */
export async function waitConnected(page: Page, timeout?: number): Promise<void> {
  await expect.poll(() => connectionState(page), { timeout }).toBe('connected');
}

/** Types `line` into the terminal and presses Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await page.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** A pattern for `text` alone on a line of the screen. */
export function onItsOwnLine(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm');
}
