// Roles in real Chromium against a gateway run from a config file: password login, writer and viewer.

import {
  expect,
  onItsOwnLine,
  role,
  screenText,
  test,
  typeLine,
  openWriterAndViewer,
  waitConnected,
} from './fixtures.js';
import type { Gateway } from './gateway.js';
import { SESSION, TARGET, WRITER } from './incident.js';

/** A large writer's window and a small viewer's, so a viewer resizing tmux would show. */
const VIEWPORTS = { writer: { width: 1200, height: 800 }, viewer: { width: 400, height: 300 } };

/** The tmux pane (and window) of the session, addressed exactly. */
const PANE = `=${TARGET}:`;

/** `tmux -S <socket> ARGS…` on the incident's tmux server; fails the test if tmux does. */
function tmux(gateway: Gateway, ...args: string[]): string {
  const result = gateway.tmux(...args);
  expect(result.status, `tmux ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout.trimEnd();
}

interface Size {
  cols: number;
  rows: number;
}

function parseSize(text: string): Size {
  const match = /^(\d+)x(\d+)$/.exec(text);
  if (match === null) throw new Error(`not a size: "${text}"`);
  return { cols: Number(match[1]), rows: Number(match[2]) };
}

/**
 * The window's size and the sizes of the tmux clients attached to it, read-write and read-only
 * (the gateway's size guards, control-mode clients without a size, left out).
 */
function sizes(gateway: Gateway): { window: Size; writers: Size[]; viewers: Size[] } {
  const clients = tmux(
    gateway,
    'list-clients',
    '-F',
    '#{?client_control_mode,,#{client_readonly} #{client_width}x#{client_height}}',
  )
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => ({ readOnly: line.startsWith('1 '), size: parseSize(line.slice(2)) }));
  return {
    window: parseSize(
      tmux(gateway, 'display-message', '-p', '-t', PANE, '#{window_width}x#{window_height}'),
    ),
    writers: clients.filter((client) => !client.readOnly).map((client) => client.size),
    viewers: clients.filter((client) => client.readOnly).map((client) => client.size),
  };
}

/** Everything the pane holds, its history included. */
function paneText(gateway: Gateway): string {
  return tmux(gateway, 'capture-pane', '-p', '-S', '-', '-t', PANE);
}

test('the login page rejects a wrong password, then signs in to the lobby with the role', async ({
  incident,
  newPage,
}) => {
  const page = await newPage();
  await page.goto('/login');
  await page.getByLabel('Username').fill(WRITER.name);
  await page.getByLabel('Password').fill(`${WRITER.password}-wrong`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  await expect(page).toHaveURL(`${incident.baseUrl}/login`);

  await page.getByLabel('Password').fill(WRITER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${incident.baseUrl}/`);
  await expect(page.locator('.lobby-user')).toContainText(`Signed in as ${WRITER.name}`);
  const entry = page.locator('.session-list .session');
  await expect(entry).toHaveCount(1);
  await expect(entry.locator('.session-name')).toHaveText(SESSION);
  await expect(entry.locator('.role-badge')).toHaveText('writer');

  // The lobby's link opens the terminal with that role.
  await entry.getByRole('link', { name: SESSION }).click();
  await expect(page).toHaveURL(`${incident.baseUrl}/s/${SESSION}`);
  await waitConnected(page);
  await expect.poll(() => role(page)).toBe('writer');
});

test('a writer and a viewer share the session: the viewer sees, cannot type, never resizes', async ({
  incident,
  newPage,
}) => {
  // The viewer attaches last: were it allowed to size the window, tmux would follow it.
  const { writer, viewer } = await openWriterAndViewer(newPage, VIEWPORTS);

  // Roles: the hook, the status bar's badge and the read-only banner agree.
  await expect.poll(() => role(writer)).toBe('writer');
  await expect.poll(() => role(viewer)).toBe('viewer');
  await expect(writer.locator('.status-bar .role-badge')).toHaveText('writer');
  await expect(viewer.locator('.status-bar .role-badge')).toHaveText('viewer');
  await expect(viewer.locator('.read-only-banner')).toBeVisible();
  await expect(viewer.locator('.read-only-banner')).toContainText('Read-only');
  await expect(writer.locator('.read-only-banner')).toBeHidden();

  // The writer types; both see the result.
  await typeLine(writer, 'echo from-writer-$((6*7))');
  for (const page of [writer, viewer]) {
    await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('from-writer-42'));
  }

  // The viewer types a command and tmux prefix keys (new window, next window)...
  await typeLine(viewer, 'echo viewer-was-here');
  for (const key of ['c', 'n']) {
    await viewer.keyboard.press('Control+b');
    await viewer.keyboard.press(key);
  }
  // ...then the writer runs a marker: once both show it, the viewer's keys would have arrived.
  await typeLine(writer, 'echo marker-$((6*7))-after-viewer');
  for (const page of [writer, viewer]) {
    await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('marker-42-after-viewer'));
  }
  const pane = paneText(incident);
  expect(pane).toMatch(onItsOwnLine('marker-42-after-viewer'));
  expect(pane).not.toContain('viewer-was-here');
  expect(await screenText(viewer)).not.toContain('viewer-was-here');
  expect(tmux(incident, 'display-message', '-p', '-t', PANE, '#{session_windows}')).toBe('1');

  // The window has the writer's size. The viewer follows it (fit-to-window, scaled down to its
  // small page): its tmux client has the writer's size, not the page's.
  await expect(() => {
    const { window, writers, viewers } = sizes(incident);
    expect(writers).toEqual([window]);
    expect(viewers).toEqual(writers);
  }).toPass();
});

test("a viewer's bytes sent straight over the WebSocket are dropped by the gateway", async ({
  incident,
  newPage,
}) => {
  const { writer, viewer } = await openWriterAndViewer(newPage, VIEWPORTS);

  // The page's terminal sends nothing for a viewer; this bypasses it with a socket of its own.
  const answered = await viewer.evaluate(async (session) => {
    const url = new URL(`/api/sessions/${session}/ws?cols=80&rows=24`, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    const messages: { type: string; role?: string }[] = [];
    let onChange = (): void => undefined;
    ws.addEventListener('message', (event) => {
      if (typeof event.data === 'string') {
        messages.push(JSON.parse(event.data) as { type: string; role?: string });
      }
      onChange();
    });
    let closeCode: number | undefined;
    ws.addEventListener('close', (event) => {
      closeCode = event.code;
      onChange();
    });
    const waitFor = (type: string) =>
      new Promise<void>((resolve, reject) => {
        onChange = () => {
          if (messages.some((message) => message.type === type)) resolve();
          else if (closeCode !== undefined) {
            reject(new Error(`closed (${String(closeCode)}) before ${type}`));
          }
        };
        onChange();
      });
    await waitFor('hello');
    const bytes = new TextEncoder();
    ws.send(bytes.encode('echo viewer-raw-was-here\r'));
    ws.send(bytes.encode('\u0002c'));
    ws.send(bytes.encode('\u0002n'));
    // The gateway handles one socket's frames in order: the pong comes after the input was handled.
    ws.send(JSON.stringify({ type: 'ping', t: 1 }));
    await waitFor('pong');
    ws.close();
    return messages.find((message) => message.type === 'hello')?.role;
  }, SESSION);
  expect(answered).toBe('viewer');

  await typeLine(writer, 'echo marker-$((6*7))-after-raw');
  await expect.poll(() => screenText(writer)).toMatch(onItsOwnLine('marker-42-after-raw'));
  const pane = paneText(incident);
  expect(pane).toMatch(onItsOwnLine('marker-42-after-raw'));
  expect(pane).not.toContain('viewer-raw-was-here');
  expect(tmux(incident, 'display-message', '-p', '-t', PANE, '#{session_windows}')).toBe('1');
});
