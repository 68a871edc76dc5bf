// Playwright fixtures: a real gateway per test, plus helpers that read the page's test hook.

import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
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
  /**
   * Opens a page in a fresh browser context (its own cookies) with the embedded-default gateway
   * as baseURL. Every context is closed before the gateway stops.
   */
  openPage: (options?: BrowserContextOptions) => Promise<Page>;
  /** A page of openPage signed in as the embedded default's owner, its terminal connected. */
  owner: Page;
}

/** The session the embedded default creates, and where its one-time login link lands. */
export const EMBEDDED_SESSION = 'main';

/** Browser contexts opened on one gateway, each with its own cookies, closed together. */
export class ContextPages {
  private readonly contexts: BrowserContext[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly baseURL: string,
  ) {}

  async open(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.browser.newContext({ baseURL: this.baseURL, ...options });
    this.contexts.push(context);
    return context.newPage();
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.map((context) => context.close()));
  }
}

/** Hands `use` a page opener on `baseURL` and closes every context it opened afterwards. */
async function withPages<T>(
  browser: Browser,
  baseURL: string,
  use: (open: (options?: BrowserContextOptions) => Promise<Page>) => Promise<T>,
): Promise<T> {
  const pages = new ContextPages(browser, baseURL);
  try {
    return await use((options) => pages.open(options));
  } finally {
    await pages.close();
  }
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
  newPage: ({ browser, incident }, use) =>
    withPages(browser, incident.baseUrl, (open) =>
      use((viewport) => open(viewport === undefined ? {} : { viewport })),
    ),
  openPage: ({ browser, gateway }, use) => withPages(browser, gateway.baseUrl, use),
  owner: async ({ gateway, openPage }, use) => {
    const owner = await openPage();
    await openAsOwner(owner, gateway);
    await use(owner);
  },
});

/** Signs `page` in as the owner through the printed one-time login link; waits for the terminal. */
export async function openAsOwner(page: Page, gateway: Gateway): Promise<void> {
  await page.goto(await gateway.loginUrl());
  await expect(page).toHaveURL(new RegExp(`/s/${EMBEDDED_SESSION}$`));
  await waitConnected(page);
  await expect.poll(() => role(page)).toBe('owner');
}

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
