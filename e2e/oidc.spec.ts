// OpenID Connect sign-in in real Chromium: the login page's button, the provider's own login page
// (oidc-provider, a real provider on a free port), and back to the gateway signed in, with the role
// that the provider's groups give.

import type { Browser, Page } from '@playwright/test';
import { OidcTestProvider } from '../server/integration/oidcProvider.js';
import {
  ContextPages,
  expect,
  onItsOwnLine,
  role,
  screenText,
  test,
  typeLine,
  waitConnected,
} from './fixtures.js';
import type { Gateway } from './gateway.js';
import { SESSION } from './incident.js';
import { PROVIDER_NAME, createOidcGateway } from './oidcGateway.js';

interface Setup {
  gateway: Gateway;
  page: (account: string) => Promise<Page>;
}

/** Runs `body` with a provider and a gateway that signs in through it; always cleans up. */
async function withProvider(
  browser: Browser,
  body: (setup: Setup) => Promise<void>,
): Promise<void> {
  const provider = await OidcTestProvider.listen();
  const gateway = await createOidcGateway(provider.issuer);
  let pages: ContextPages | undefined;
  try {
    await gateway.start();
    provider.register(`${gateway.baseUrl}/auth/oidc/callback`);
    const opened = (pages = new ContextPages(browser, gateway.baseUrl));
    await body({
      gateway,
      page: async (account) => {
        const page = await opened.open();
        await signInThroughProvider(page, account);
        return page;
      },
    });
  } finally {
    await pages?.close();
    await gateway.dispose();
    await provider.close();
  }
}

/** Clicks "Sign in with …" and fills in the provider's (development) login page. */
async function signInThroughProvider(page: Page, account: string): Promise<void> {
  await page.goto('/login');
  await page.getByRole('link', { name: `Sign in with ${PROVIDER_NAME}` }).click();
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test('signs in through the OpenID provider and gets write access from the group sre', async ({
  browser,
}) => {
  await withProvider(browser, async ({ gateway, page: signedIn }) => {
    const page = await signedIn('sam');
    await expect(page).toHaveURL(`${gateway.baseUrl}/`);
    const me = await page.request.get('/api/me');
    expect(await me.json()).toEqual({ name: 'sam', kind: 'oidc', admin: false });
    const entry = page.locator('.session-list .session');
    await expect(entry.locator('.role-badge')).toHaveText('writer');

    await entry.getByRole('link', { name: SESSION }).click();
    await waitConnected(page);
    await expect.poll(() => role(page)).toBe('writer');
    await typeLine(page, 'echo oidc-$((6*7))');
    await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('oidc-42'));
  });
});

test('a member of no listed group is a viewer, and the login page offers no password form', async ({
  browser,
}) => {
  await withProvider(browser, async ({ gateway, page: signedIn }) => {
    const page = await signedIn('vera');
    await expect(page).toHaveURL(`${gateway.baseUrl}/`);
    await expect(page.locator('.session-list .role-badge')).toHaveText('viewer');

    await page.goto('/login');
    await expect(page.getByRole('link', { name: `Sign in with ${PROVIDER_NAME}` })).toBeVisible();
    await expect(page.getByLabel('Password')).toHaveCount(0);
  });
});
