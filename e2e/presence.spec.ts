// Presence in real Chromium against the embedded-default gateway: the owner's panel lists who is
// here (browsers and tmux clients), promotes a viewer, answers a write request, removes clients.

import type { Locator, Page } from '@playwright/test';
import { spawn } from 'node-pty';
import {
  EMBEDDED_SESSION as SESSION,
  clientId,
  connectionState,
  expect,
  onItsOwnLine,
  presence,
  role,
  screenText,
  test,
  typeLine,
  waitConnected,
} from './fixtures.js';

/** A guest's display name that would become an element were it ever parsed as HTML. */
const VIEWER_NAME = 'Vera <i>v</i>';

/** Longer than the client's longest reconnect backoff (BACKOFF_MAX_MS in client/logic/backoff.ts). */
const BEYOND_ANY_BACKOFF_MS = 60_000;

/** The owner creates a viewer link through the API; `guest` redeems it as `name` and opens the session. */
async function joinAsViewer(owner: Page, guest: Page, name: string): Promise<void> {
  const created = await owner.request.post(`/api/sessions/${SESSION}/links`, {
    data: { role: 'viewer', ttlSeconds: 600 },
  });
  expect(created.status(), 'link creation').toBe(201);
  const { url } = (await created.json()) as { url: string };
  const token = new URL(url).pathname.split('/').pop();
  const joined = await guest.request.post('/api/join', { data: { token, name } });
  expect(joined.status(), 'join').toBe(200);
  await guest.goto(`/s/${SESSION}`);
  await waitConnected(guest);
  await expect.poll(() => role(guest)).toBe('viewer');
}

/** The page's connection id, once the gateway has greeted it. */
async function idOf(page: Page): Promise<string> {
  await expect.poll(() => clientId(page)).toBeDefined();
  const id = await clientId(page);
  if (id === undefined) throw new Error('no clientId');
  return id;
}

/** Opens the owner's presence panel and returns it. */
async function openPanel(owner: Page): Promise<Locator> {
  await owner.getByTestId('presence-toggle').click();
  const panel = owner.getByTestId('presence-panel');
  await expect(panel).toBeVisible();
  await expect(owner.getByTestId('presence-toggle')).toHaveAttribute('aria-expanded', 'true');
  return panel;
}

function rowOf(panel: Locator, id: string): Locator {
  return panel.locator(`[data-client-id="${id}"]`);
}

test("the owner sees two clients in the panel, promotes the viewer, the viewer's banner disappears and its typing shows in the owner's terminal", async ({
  owner,
  openPage,
}) => {
  const viewer = await openPage();
  await joinAsViewer(owner, viewer, VIEWER_NAME);
  const ownerId = await idOf(owner);
  const viewerId = await idOf(viewer);

  // Everyone's status bar counts one viewer; the People button counts both clients.
  for (const page of [owner, viewer]) {
    await expect(page.getByTestId('viewer-count')).toHaveText('1');
    await expect(page.getByTestId('presence-toggle')).toHaveText('People 2');
  }
  // The viewer learns names, kinds and roles only; the owner gets the details too.
  await expect.poll(async () => (await presence(viewer)).length).toBe(2);
  for (const client of await presence(viewer)) {
    expect(client.cols).toBeUndefined();
    expect(client.idleSeconds).toBeUndefined();
  }
  await expect
    .poll(async () => (await presence(owner)).every((c) => c.cols !== undefined))
    .toBe(true);

  const panel = await openPanel(owner);
  await expect(panel.getByTestId('presence-client')).toHaveCount(2);
  const self = rowOf(panel, ownerId);
  await expect(self).toContainText('(you)');
  await expect(self.locator('.role-badge')).toHaveText('owner');
  await expect(self.locator('.presence-kind')).toHaveText('browser');
  await expect(self.getByTestId('presence-kick')).toBeHidden();
  await expect(self.getByTestId('presence-promote')).toBeHidden();

  const guest = rowOf(panel, viewerId);
  await expect(guest.locator('.presence-user')).toHaveText(VIEWER_NAME);
  await expect(guest.locator('.presence-kind')).toHaveText('browser');
  await expect(guest.locator('.role-badge')).toHaveText('viewer');
  await expect(guest.locator('.presence-guest')).toHaveText('guest');
  await expect(guest.locator('.presence-details')).toContainText(/\d+×\d+/);
  await expect(guest.locator('.presence-details')).toContainText('active');
  await expect(guest.getByTestId('presence-demote')).toBeHidden();
  await expect(guest.getByTestId('presence-kick')).toBeVisible();
  // The name stayed text on both pages.
  for (const page of [owner, viewer]) await expect(page.locator('i')).toHaveCount(0);

  // Promote: the viewer becomes a writer live, without reconnecting.
  await guest.getByTestId('presence-promote').click();
  await expect.poll(() => role(viewer)).toBe('writer');
  await expect(viewer.locator('.read-only-banner')).toBeHidden();
  await expect(viewer.locator('.status-bar .role-badge')).toHaveText('writer');
  await expect(guest.locator('.role-badge')).toHaveText('writer');
  await expect(guest.getByTestId('presence-promote')).toBeHidden();
  await expect(guest.getByTestId('presence-demote')).toBeVisible();
  for (const page of [owner, viewer])
    await expect(page.getByTestId('viewer-count')).toHaveText('0');
  expect(await clientId(viewer)).toBe(viewerId);
  await expect(panel.getByTestId('presence-error')).toBeEmpty();

  await typeLine(viewer, 'echo promoted-$((6*7))');
  await expect.poll(() => screenText(owner)).toMatch(onItsOwnLine('promoted-42'));

  // The panel closes with Escape and gives the keyboard back to the terminal.
  await owner.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(owner.getByTestId('presence-toggle')).toHaveAttribute('aria-expanded', 'false');
});

test('a viewer asks for write access: the owner denies, a reload does not ask again, another viewer is approved', async ({
  owner,
  openPage,
}) => {
  const viewer = await openPage();
  await joinAsViewer(owner, viewer, 'Rita');
  const panel = await openPanel(owner);

  // The banner's button sends the request and rests: the gateway takes one per person per 30 s.
  const ask = viewer.locator('.read-only-banner').getByRole('button');
  await expect(ask).toHaveText('Request write access');
  await ask.click();
  await expect(ask).toHaveText('Request sent');
  await expect(ask).toBeDisabled();

  let row = rowOf(panel, await idOf(viewer));
  await expect(row).toContainText('asks for write access');
  await expect(row.getByTestId('presence-approve')).toBeVisible();
  await row.getByTestId('presence-deny').click();
  await expect(row.getByText('asks for write access')).toBeHidden();
  await expect(row.getByTestId('presence-approve')).toBeHidden();
  await expect
    .poll(async () => (await presence(owner)).filter((client) => client.wantsWrite === true))
    .toEqual([]);
  expect(await role(viewer)).toBe('viewer');

  // A new page (a new connection) of the same person does not reach the owner again within 30 s.
  await viewer.reload();
  await waitConnected(viewer);
  const reloadedId = await idOf(viewer);
  await expect(ask).toBeEnabled();
  await ask.click();
  await expect(ask).toHaveText('Request sent');

  // Someone else may ask at once; the owner approves them. Rita's request, sent before, never shows.
  const other = await openPage();
  await joinAsViewer(owner, other, 'Sam');
  const otherId = await idOf(other);
  const otherAsk = other.locator('.read-only-banner').getByRole('button');
  await otherAsk.click();
  row = rowOf(panel, otherId);
  await expect(row).toContainText('asks for write access');
  await expect(rowOf(panel, reloadedId).getByText('asks for write access')).toBeHidden();
  await expect
    .poll(async () =>
      (await presence(owner)).filter((client) => client.wantsWrite === true).map((c) => c.id),
    )
    .toEqual([otherId]);
  await row.getByTestId('presence-approve').click();
  await expect.poll(() => role(other)).toBe('writer');
  await expect(other.locator('.read-only-banner')).toBeHidden();
  await expect(other.locator('.status-bar .role-badge')).toHaveText('writer');
  await expect(row.locator('.role-badge')).toHaveText('writer');
  await expect(row.getByText('asks for write access')).toBeHidden();
  await expect(panel.getByTestId('presence-error')).toBeEmpty();
  expect(await role(viewer)).toBe('viewer');
});

test('the owner removes the viewer, who sees why and does not reconnect', async ({
  owner,
  openPage,
}) => {
  const viewer = await openPage();
  // Fake timers (flowing in real time until told otherwise) let the test jump past any backoff.
  await viewer.clock.install();
  let sockets = 0;
  viewer.on('websocket', () => (sockets += 1));
  await joinAsViewer(owner, viewer, 'Kim');
  const viewerId = await idOf(viewer);

  const panel = await openPanel(owner);
  await expect(panel.getByTestId('presence-client')).toHaveCount(2);
  await rowOf(panel, viewerId).getByTestId('presence-kick').click();

  await expect.poll(() => connectionState(viewer)).toBe('ended');
  const overlay = viewer.locator('.overlay');
  await expect(overlay.locator('h1')).toHaveText('You were removed from this session.');
  await expect(overlay).toContainText('removed you from this session');
  await expect(panel.getByTestId('presence-client')).toHaveCount(1);
  await expect(rowOf(panel, viewerId)).toHaveCount(0);
  await expect(owner.getByTestId('viewer-count')).toHaveText('0');
  await expect(panel.getByTestId('presence-error')).toBeEmpty();

  // Every timer of the next minute runs: no reconnect is scheduled, the page stays ended.
  const socketsAtEnd = sockets;
  await viewer.clock.runFor(BEYOND_ANY_BACKOFF_MS);
  expect(await connectionState(viewer)).toBe('ended');
  expect(sockets).toBe(socketsAtEnd);
  await expect(overlay.locator('h1')).toHaveText('You were removed from this session.');
  expect((await presence(owner)).map((client) => client.id)).not.toContain(viewerId);
  expect(await connectionState(owner)).toBe('connected');
});

test('a native tmux client shows as "tmux" in the panel, and the owner detaches it', async ({
  owner,
  gateway,
}) => {
  // Someone on the server attaches read-only with plain tmux, next to the browsers.
  const native = spawn(
    'tmux',
    ['-S', gateway.tmuxSocket, 'attach-session', '-r', '-t', `=${SESSION}`],
    {
      cols: 100,
      rows: 30,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', LANG: 'C.UTF-8' },
    },
  );
  let exited = false;
  native.onExit(() => (exited = true));
  native.onData(() => undefined);
  try {
    const panel = await openPanel(owner);
    // Native clients are polled for, not announced: the next presence push lists it.
    const row = panel.locator(`[data-client-id^="native-"]`);
    await expect(row).toHaveCount(1);
    await expect(row.locator('.presence-kind')).toHaveText('tmux');
    await expect(row.locator('.role-badge')).toHaveText('viewer');
    await expect(row.locator('.presence-details')).toContainText('100×30');
    await expect(row.locator('.presence-details')).toContainText('/dev/');
    await expect(row.getByTestId('presence-promote')).toBeHidden();
    await expect(owner.getByTestId('viewer-count')).toHaveText('1');

    await row.getByTestId('presence-kick').click();
    // Detached by tmux, the native client exits.
    await expect.poll(() => exited).toBe(true);
    await expect(row).toHaveCount(0);
    await expect(owner.getByTestId('viewer-count')).toHaveText('0');
    await expect(panel.getByTestId('presence-error')).toBeEmpty();
  } finally {
    if (!exited) native.kill();
  }
});
