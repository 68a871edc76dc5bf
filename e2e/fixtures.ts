// Playwright fixtures: a real gateway per test, plus helpers that read the page's test hook.

import {
  test as base,
  expect,
  type BrowserContext,
  type Page,
  type TestInfo,
  type ViewportSize,
} from '@playwright/test';
import type { TmuxgateTestHook } from '../client/terminal/testHook.js';
import type { PresenceClient } from '../shared/protocol.js';
import { Gateway } from './gateway.js';
import { SESSION, VIEWER, WRITER, createIncidentGateway, type TestUser } from './incident.js';

export { expect };

interface Fixtures {
  /** The embedded default (`serve` without config), started; the one-time login link signs in. */
  gateway: Gateway;
  /** `serve --config` with the session "incident" (see incident.ts), started. */
  incident: Gateway;
  /**
   * Opens a page in a fresh browser context (its own cookies) of the given viewport, with the
   * incident gateway as baseURL. Every context is closed before the gateway stops.
   */
  newPage: (viewport?: ViewportSize) => Promise<Page>;
}

/** Starts `gateway`, hands it to the test, and always disposes of it (logs attached on failure). */
async function runGateway(
  gateway: Gateway,
  use: (gateway: Gateway) => Promise<void>,
  testInfo: TestInfo,
): Promise<void> {
  try {
    await gateway.start();
    await use(gateway);
  } finally {
    await gateway.dispose();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('gateway-stderr', { body: gateway.logs, contentType: 'text/plain' });
    }
  }
}

export const test = base.extend<Fixtures>({
  // Playwright requires the destructuring pattern even when no other fixture is used.
  // eslint-disable-next-line no-empty-pattern
  gateway: async ({}, use, testInfo) => runGateway(await Gateway.create(), use, testInfo),
  // eslint-disable-next-line no-empty-pattern
  incident: async ({}, use, testInfo) => runGateway(await createIncidentGateway(), use, testInfo),
  newPage: async ({ browser, incident }, use) => {
    const contexts: BrowserContext[] = [];
    try {
      await use(async (viewport) => {
        const context = await browser.newContext({
          baseURL: incident.baseUrl,
          ...(viewport === undefined ? {} : { viewport }),
        });
        contexts.push(context);
        return context.newPage();
      });
    } finally {
      await Promise.all(contexts.map((context) => context.close()));
    }
  },
});

/** Signs `page`'s browser context in as `user` through the API (the cookie lands in the context). */
export async function signIn(page: Page, user: TestUser): Promise<void> {
  const response = await page.request.post('/api/login', {
    data: { username: user.name, password: user.password },
  });
  expect(response.status(), `login of ${user.name}`).toBe(204);
}

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

/** This page's connection id (from the gateway's hello), or undefined before it. */
export function clientId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as HookWindow).__tmuxgate?.clientId());
}

/** The clients of the page's latest `presence` message ([] before the first). */
export function presence(page: Page): Promise<PresenceClient[]> {
  return page.evaluate(() => (window as HookWindow).__tmuxgate?.presence() ?? []);
}

/** Waits until the page's terminal is connected to the gateway. */
export async function waitConnected(page: Page, timeout?: number): Promise<void> {
  await expect.poll(() => connectionState(page), { timeout }).toBe('connected');
}

/** Opens the terminal page of `session` in `page` (signed in already) and waits until connected. */
export async function openTerminal(page: Page, session: string): Promise<void> {
  await page.goto(`/s/${session}`);
  await waitConnected(page);
}

/**
 * The incident's writer and viewer, each signed in on a page of its own size and connected to
 * the terminal; the viewer second, so that it finds the window already sized by the writer.
 */
export async function openWriterAndViewer(
  newPage: (viewport?: ViewportSize) => Promise<Page>,
  viewports: { writer: ViewportSize; viewer: ViewportSize },
): Promise<{ writer: Page; viewer: Page }> {
  const writer = await newPage(viewports.writer);
  const viewer = await newPage(viewports.viewer);
  await signIn(writer, WRITER);
  await signIn(viewer, VIEWER);
  await openTerminal(writer, SESSION);
  await openTerminal(viewer, SESSION);
  return { writer, viewer };
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
