// The signed-out front page in real Chromium: the way in itself (the password form with local
// users, the provider's button with only single sign-on), the one-time-link hint only for the
// embedded default, and signing in from the front page straight into the lobby.

import { OidcTestProvider } from '../server/integration/oidcProvider.js';
import { ContextPages, expect, test } from './fixtures.js';
import { SESSION, WRITER } from './incident.js';
import { PROVIDER_NAME, createOidcGateway } from './oidcGateway.js';

/** Words of the hint to open the one-time login link (client/ui/signInMethods.ts). */
const ONE_TIME_HINT = /one-time login link that `tmuxgate serve` printed/;

test('with local users the front page shows the password form, and signing in there opens the lobby', async ({
  incident,
  newPage,
}) => {
  const page = await newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('Username')).toBeFocused();
  await expect(page.locator('main')).not.toContainText(ONE_TIME_HINT);
  await expect(page.getByRole('link', { name: /^Sign in with/ })).toHaveCount(0);

  await page.getByLabel('Username').fill(WRITER.name);
  await page.getByLabel('Password').fill(`${WRITER.password}-wrong`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');

  await page.getByLabel('Password').fill(WRITER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${incident.baseUrl}/`);
  await expect(page.locator('.lobby-user')).toContainText(`Signed in as ${WRITER.name}`);
  await expect(page.locator('.session-list .session-name')).toHaveText(SESSION);
  await expect(page.getByLabel('Password')).toHaveCount(0);
});

test('with only single sign-on the front page shows the provider button and no form', async ({
  browser,
}) => {
  const provider = await OidcTestProvider.listen();
  const gateway = await createOidcGateway(provider.issuer);
  let pages: ContextPages | undefined;
  try {
    await gateway.start();
    provider.register(`${gateway.baseUrl}/auth/oidc/callback`);
    pages = new ContextPages(browser, gateway.baseUrl);
    const page = await pages.open();
    await page.goto('/');
    const button = page.getByRole('link', { name: `Sign in with ${PROVIDER_NAME}` });
    await expect(button).toBeVisible();
    await expect(button).toHaveAttribute('href', '/auth/oidc/login');
    await expect(page.getByLabel('Password')).toHaveCount(0);
    await expect(page.locator('main')).not.toContainText(ONE_TIME_HINT);
  } finally {
    await pages?.close();
    await gateway.dispose();
    await provider.close();
  }
});

test('the embedded default still points to its one-time login link, with no form', async ({
  gateway,
  openPage,
}) => {
  const page = await openPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Not signed in' })).toBeVisible();
  await expect(page.locator('main')).toContainText(ONE_TIME_HINT);
  await expect(page.getByLabel('Password')).toHaveCount(0);

  await page.goto(await gateway.loginUrl());
  await page.goto('/');
  await expect(page.locator('.lobby-user')).toContainText('Signed in as');
});
