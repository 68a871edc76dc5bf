// The terminal page in real Chromium against a real gateway: login, typing, reload, flood, restart, end.

import {
  connectionState,
  expect,
  onItsOwnLine,
  role,
  screenText,
  test,
  typeLine,
  waitConnected,
} from './fixtures.js';

test('the login link opens the main session, which survives a reload, a flood and a restart', async ({
  page,
  gateway,
}) => {
  test.slow();

  await page.goto(await gateway.loginUrl());
  await expect(page).toHaveURL(/\/s\/main$/);
  await waitConnected(page);

  await typeLine(page, 'echo hello');
  await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('hello'));

  // Still signed in after a reload (no login page), and the same tmux session (its output is there).
  await page.reload();
  await expect(page).toHaveURL(/\/s\/main$/);
  await waitConnected(page);
  await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('hello'));

  // A flood of output does not wedge the terminal: Ctrl+C reaches the shell and it answers.
  await typeLine(page, 'yes');
  await expect.poll(() => screenText(page)).toMatch(/^y\n(?:y\n){4}/m);
  await page.keyboard.press('Control+C');
  await typeLine(page, 'echo after-yes-$((6*7))');
  await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('after-yes-42'));

  // The gateway restarts on the same port; the page reconnects by itself and is still signed in.
  await gateway.restart();
  await waitConnected(page, 30_000);
  await typeLine(page, 'echo back-again');
  await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('back-again'));
});

test('the status bar names the session and the owner role', async ({ page, gateway }) => {
  await page.goto(await gateway.loginUrl());
  await waitConnected(page);
  await expect(page.locator('.status-session')).toHaveText('main');
  await expect(page.locator('.status-bar .role-badge')).toHaveText('owner');
  await expect(page.locator('.status-state')).toHaveText('connected');
  expect(await role(page)).toBe('owner');
  expect(await connectionState(page)).toBe('connected');
  await expect(page.locator('.read-only-banner')).toBeHidden();
});

test('when the tmux session ends the page says why and leads back to the lobby', async ({
  page,
  gateway,
}) => {
  await page.goto(await gateway.loginUrl());
  await waitConnected(page);
  await typeLine(page, 'exit');
  await expect.poll(() => connectionState(page)).toBe('ended');
  await expect(page.locator('.overlay')).toContainText('The session ended.');
  await page.getByRole('link', { name: 'Back to the sessions' }).click();
  await expect(page).toHaveURL(`${gateway.baseUrl}/`);
  await expect(page.locator('.session-list')).toContainText('main');
});

test('the lobby explains how to sign in to a visitor without a login', async ({
  page,
  gateway,
}) => {
  await page.goto(`${gateway.baseUrl}/`);
  await expect(page.getByRole('heading', { name: 'Not signed in' })).toBeVisible();
  await expect(page.locator('main')).toContainText('tmuxgate serve');
});
