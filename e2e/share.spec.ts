// Share links in real Chromium against the embedded-default gateway: the owner's dialog, guests
// joining through a link under a display name, revocation, and links that are used up.

import type { Page } from '@playwright/test';
import {
  EMBEDDED_SESSION as SESSION,
  connectionState,
  expect,
  onItsOwnLine,
  openAsOwner,
  role,
  screenText,
  test,
  typeLine,
  waitConnected,
} from './fixtures.js';
import type { Gateway } from './gateway.js';

/** The tmux pane (and window) of that session, addressed exactly. */
const PANE = `=${SESSION}:`;

/** A display name that would become an element were it ever parsed as HTML. */
const MARKUP_NAME = 'Guest <b>x</b>';

/** What the join page says when POST /api/join refuses the token (client/pages/joinPage.ts). */
const JOIN_REFUSED = 'This share link has expired, been used up or been revoked.';

/** The heading of the gateway's own 404 page for /join/TOKEN (server/http/linkRoutes.ts). */
const INVALID_LINK_HEADING = 'This share link is not valid';

async function openShareDialog(owner: Page): Promise<void> {
  await owner.getByTestId('share-button').click();
  await expect(owner.getByTestId('share-dialog')).toBeVisible();
}

async function closeShareDialog(owner: Page): Promise<void> {
  await owner.getByTestId('share-dialog').getByRole('button', { name: 'Close' }).click();
  await expect(owner.getByTestId('share-dialog')).toBeHidden();
}

interface LinkChoice {
  role: 'viewer' | 'writer';
  /** The TTL select's value, in seconds. */
  ttlSeconds: number;
  /** Empty for unlimited. */
  maxUses: string;
}

/** Fills the open share dialog, creates the link and returns its URL. */
async function createLink(owner: Page, choice: LinkChoice): Promise<string> {
  const dialog = owner.getByTestId('share-dialog');
  await dialog.getByTestId('share-role').selectOption(choice.role);
  await dialog.getByTestId('share-ttl').selectOption(String(choice.ttlSeconds));
  await dialog.getByTestId('share-max-uses').fill(choice.maxUses);
  await dialog.getByTestId('share-create').click();
  const url = dialog.getByTestId('share-url');
  await expect(url).toBeVisible();
  await expect(url).toHaveValue(/\/join\/[A-Za-z0-9_-]+$/);
  return url.inputValue();
}

/** On `page`'s join landing (loaded already), enters `name` and submits. */
async function submitJoin(page: Page, name: string): Promise<void> {
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
}

/** Opens `url` in `page`, joins as `name` and waits until the session's terminal is connected. */
async function join(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('join-name')).toBeVisible();
  await submitJoin(page, name);
  await expect(page).toHaveURL(new RegExp(`/s/${SESSION}$`));
  await waitConnected(page);
}

/** Everything the session's pane holds, its history included. */
function paneText(gateway: Gateway): string {
  const result = gateway.tmux('capture-pane', '-p', '-S', '-', '-t', PANE);
  expect(result.status, `tmux capture-pane: ${result.stderr}`).toBe(0);
  return result.stdout;
}

test('the owner shares a viewer link, the guest watches read-only, then the owner revokes it', async ({
  gateway,
  openPage,
}) => {
  const owner = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  await openAsOwner(owner, gateway);

  // The owner creates a viewer link: its URL, a copy button that copies it, and its QR code.
  await openShareDialog(owner);
  const dialog = owner.getByTestId('share-dialog');
  await expect(dialog.getByTestId('share-links').locator('li')).toHaveCount(0);
  const url = await createLink(owner, { role: 'viewer', ttlSeconds: 3600, maxUses: '' });
  expect(new URL(url).origin).toBe(gateway.baseUrl);
  await expect(dialog).toContainText('A viewer link that expires in');

  const qr = dialog.getByTestId('share-qr');
  await expect(qr).toBeVisible();
  await expect(qr.locator('svg[role="img"]')).toBeVisible();
  await expect(qr.locator('svg path')).toHaveAttribute('d', /\S/);
  await qr.click();
  await expect(qr).toHaveAttribute('aria-pressed', 'true');

  await dialog.getByTestId('share-copy').click();
  await expect(dialog.getByTestId('share-copy')).toHaveText('Copied');
  expect(await owner.evaluate(() => navigator.clipboard.readText())).toBe(url);

  const rows = dialog.getByTestId('share-links').locator('li');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('.role-badge')).toHaveText('viewer');
  await expect(rows.first().locator('.link-uses')).toHaveText('unlimited');
  await closeShareDialog(owner);

  // A guest in another browser joins under a name that looks like markup.
  const guest = await openPage();
  await join(guest, url, `  ${MARKUP_NAME}  `);
  await expect.poll(() => role(guest)).toBe('viewer');
  await expect(guest.locator('.read-only-banner')).toBeVisible();
  await expect(guest.locator('.read-only-banner')).toContainText('Read-only');
  await expect(guest.locator('.status-bar .role-badge')).toHaveText('viewer');
  await expect(guest.getByTestId('share-button')).toBeHidden();

  // The name is the guest's, verbatim (trimmed), and nowhere became an element.
  const me = await guest.request.get('/api/me');
  expect(me.status()).toBe(200);
  expect(await me.json()).toEqual({ name: MARKUP_NAME, kind: 'guest', admin: false });
  for (const page of [guest, owner]) await expect(page.locator('b')).toHaveCount(0);

  // The owner types; the guest sees it. The guest's typing never reaches the session.
  await typeLine(owner, 'echo shared-$((6*7))');
  for (const page of [owner, guest]) {
    await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('shared-42'));
  }
  await typeLine(guest, 'echo guest-was-here');
  await typeLine(owner, 'echo marker-$((6*7))-after-guest');
  for (const page of [owner, guest]) {
    await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('marker-42-after-guest'));
  }
  expect(paneText(gateway)).not.toContain('guest-was-here');

  // The owner revokes the link from the dialog: it leaves the list, its URL and QR code go away.
  await openShareDialog(owner);
  await expect(rows).toHaveCount(1);
  await rows.first().getByTestId('share-revoke').click();
  await expect(rows).toHaveCount(0);
  await expect(dialog.getByText('No live share links.')).toBeVisible();
  await expect(dialog.getByTestId('share-url')).toBeHidden();
  await expect(dialog.getByTestId('share-qr')).toBeHidden();
  await expect(dialog.getByTestId('share-error')).toBeEmpty();
  await closeShareDialog(owner);

  // The guest is disconnected at once and told why; the owner stays.
  await expect.poll(() => connectionState(guest)).toBe('ended');
  await expect(guest.locator('.overlay')).toBeVisible();
  await expect(guest.locator('.overlay h1')).toHaveText('Access revoked.');
  expect(await connectionState(owner)).toBe('connected');
  await typeLine(owner, 'echo owner-still-$((6*7))');
  await expect.poll(() => screenText(owner)).toMatch(onItsOwnLine('owner-still-42'));

  // The link itself is dead: the gateway answers its landing page with 404.
  const other = await openPage();
  const response = await other.goto(url);
  expect(response?.status()).toBe(404);
  await expect(other.getByRole('heading', { name: INVALID_LINK_HEADING })).toBeVisible();
});

test('a link with one use admits one guest; the next one is refused', async ({
  owner,
  openPage,
}) => {
  await openShareDialog(owner);
  const url = await createLink(owner, { role: 'writer', ttlSeconds: 900, maxUses: '1' });
  await expect(owner.getByTestId('share-qr').locator('svg')).toBeVisible();
  const rows = owner.getByTestId('share-links').locator('li');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('.role-badge')).toHaveText('writer');
  await expect(rows.first().locator('.link-uses')).toHaveText('1 use left');
  await closeShareDialog(owner);

  // Two guests open the landing page while the link is still good; the first one joins.
  const first = await openPage();
  const second = await openPage();
  for (const page of [first, second]) {
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId('join-name')).toBeVisible();
  }
  await submitJoin(first, 'First guest');
  await expect(first).toHaveURL(new RegExp(`/s/${SESSION}$`));
  await waitConnected(first);
  await expect.poll(() => role(first)).toBe('writer');
  await expect(first.locator('.read-only-banner')).toBeHidden();
  await typeLine(first, 'echo from-guest-$((6*7))');
  for (const page of [owner, first]) {
    await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('from-guest-42'));
  }

  // The second guest's join is refused by the gateway; the page says so and stays.
  await submitJoin(second, 'Second guest');
  await expect(second.getByTestId('join-error')).toHaveText(JOIN_REFUSED);
  await expect(second).toHaveURL(url);
  await expect(second.getByTestId('join-submit')).toBeEnabled();
  expect((await second.request.get('/api/me')).status()).toBe(401);

  // A third browser opening the link now gets the gateway's 404 page, not the join form.
  const third = await openPage();
  const response = await third.goto(url);
  expect(response?.status()).toBe(404);
  await expect(third.getByRole('heading', { name: INVALID_LINK_HEADING })).toBeVisible();
  await expect(third.getByTestId('join-name')).toHaveCount(0);

  // The used-up link stays listed while its guest is here (0 uses left); revoking it ends them.
  expect(await connectionState(first)).toBe('connected');
  await openShareDialog(owner);
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('.link-uses')).toHaveText('0 uses left');
  await rows.first().getByTestId('share-revoke').click();
  await expect(rows).toHaveCount(0);
  await expect(owner.getByText('No live share links.')).toBeVisible();
  await closeShareDialog(owner);
  await expect.poll(() => connectionState(first)).toBe('ended');
  await expect(first.locator('.overlay h1')).toHaveText('Access revoked.');
  expect(await connectionState(owner)).toBe('connected');
});
