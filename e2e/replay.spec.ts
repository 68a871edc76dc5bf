// Session recording and replay in real Chromium against the embedded-default gateway: the owner
// turns recording on from the status bar, types a command, turns it off, and replays it on the
// recordings page — the output appears, seeking and play/pause work, "who typed when" names them.

import type { Page } from '@playwright/test';
import type { ReplayTestHook } from '../client/replay/replayHook.js';
import {
  expect,
  onItsOwnLine,
  role,
  screenText,
  signIn,
  test,
  typeLine,
  waitConnected,
} from './fixtures.js';
import { SESSION as INCIDENT, WRITER } from './incident.js';

/** The session the embedded default creates, and where its one-time login link lands. */
const SESSION = 'main';
const COMMAND = 'echo rec-$((6*7))';
const OUTPUT = 'rec-42';
/** The pause before a second command: at 0.5× the replay then lasts long enough to pause it. */
const LATER_MS = 2000;

type ReplayWindow = Window & { __tmuxgateReplay?: ReplayTestHook };

interface ReplayState {
  text: string;
  time: number;
  duration: number;
  playing: boolean;
}

/** What the player shows, or undefined before a recording is open. */
function replay(page: Page): Promise<ReplayState | undefined> {
  return page.evaluate(() => {
    const hook = (window as ReplayWindow).__tmuxgateReplay;
    return hook
      ? { text: hook.text(), time: hook.time(), duration: hook.duration(), playing: hook.playing() }
      : undefined;
  });
}

async function recordingStatus(page: Page): Promise<{ enabled: boolean; active: boolean }> {
  const response = await page.request.get(`/api/sessions/${SESSION}/recording`);
  expect(response.status()).toBe(200);
  return (await response.json()) as { enabled: boolean; active: boolean };
}

/** The text of the recording being written (the newest), '' before there is one. */
async function newestRecording(page: Page): Promise<string> {
  const list = (await (
    await page.request.get(`/api/sessions/${SESSION}/recordings`)
  ).json()) as Array<{ id: string }>;
  const newest = list[0];
  if (!newest) return '';
  return (await page.request.get(`/api/sessions/${SESSION}/recordings/${newest.id}`)).text();
}

test('the owner records a command and replays it: output, seek, play and pause', async ({
  browser,
  gateway,
}) => {
  const context = await browser.newContext({ baseURL: gateway.baseUrl });
  try {
    const page = await context.newPage();
    await page.goto(await gateway.loginUrl());
    await expect(page).toHaveURL(new RegExp(`/s/${SESSION}$`));
    await waitConnected(page);
    await expect.poll(() => role(page)).toBe('owner');

    // Recording on, from the status bar.
    const toggle = page.getByTestId('record-toggle');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => (await recordingStatus(page)).active).toBe(true);

    await typeLine(page, COMMAND);
    await expect.poll(() => screenText(page)).toMatch(onItsOwnLine(OUTPUT));
    // A second command a moment later: the recording lasts a few seconds, with two typing bursts.
    await page.waitForTimeout(LATER_MS);
    await typeLine(page, 'echo later-$((1+1))');
    await expect.poll(() => screenText(page)).toMatch(onItsOwnLine('later-2'));
    await expect.poll(() => newestRecording(page)).toContain('later-2');

    // Recording off, then to the recordings page.
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(await recordingStatus(page)).toEqual({ enabled: false, active: false });
    await page.getByTestId('recordings-link').click();
    await expect(page).toHaveURL(new RegExp(`/s/${SESSION}/recordings$`));
    const row = page.getByTestId('recording-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('recording-download')).toHaveAttribute(
      'href',
      /\/api\/sessions\/main\/recordings\/\d{8}T\d{6}\.\d{3}Z\?download=1$/,
    );

    // The player opens at the start: the command has not run yet there.
    await row.getByTestId('recording-play').click();
    await expect(page.getByTestId('replay-player')).toBeVisible();
    await expect(page).toHaveURL(/\?id=\d{8}T/);
    const start = await replay(page);
    expect(start?.time).toBe(0);
    expect(start?.playing).toBe(false);
    expect(start?.duration).toBeGreaterThan(0);
    expect(start?.text).not.toMatch(onItsOwnLine(OUTPUT));

    // Who typed when: the owner (the gateway's Unix user), with the command as typed.
    const entry = page.getByTestId('replay-typing-entry').filter({ hasText: 'rec-$((6*7))' });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(`${COMMAND}⏎`);
    await expect(page.getByTestId('replay-typing-entry')).toHaveCount(2);

    // Play at 4×: the output appears and the player stops at the end.
    await page.getByTestId('replay-speed').selectOption('4');
    await page.getByTestId('replay-play').click();
    await expect.poll(async () => (await replay(page))?.text).toMatch(onItsOwnLine(OUTPUT));
    await expect.poll(async () => (await replay(page))?.playing).toBe(false);
    const end = await replay(page);
    expect(end?.time).toBe(end?.duration);
    await expect(page.getByTestId('replay-time')).toContainText(' / ');

    // Seek back to the start (the screen is drawn again from there), then to the end.
    const slider = page.getByTestId('replay-seek');
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(async () => (await replay(page))?.time).toBe(0);
    await expect.poll(async () => (await replay(page))?.text).not.toMatch(onItsOwnLine(OUTPUT));
    await page.keyboard.press('End');
    await expect.poll(async () => (await replay(page))?.text).toMatch(onItsOwnLine(OUTPUT));

    // Clicking the typing entry goes to when it was typed: before its output.
    await page.keyboard.press('Home');
    await entry.locator('button').click();
    const typedAt = (await replay(page))?.time ?? -1;
    expect(typedAt).toBeGreaterThan(0);
    expect(typedAt).toBeLessThan(end?.duration ?? 0);
    await expect.poll(async () => (await replay(page))?.text).toMatch(/\S/);
    expect((await replay(page))?.text).not.toMatch(onItsOwnLine(OUTPUT));

    // Play and pause: time moves while playing and stands still while paused.
    await page.keyboard.press('Home');
    await page.getByTestId('replay-speed').selectOption('0.5');
    await page.getByTestId('replay-play').click();
    await expect(page.getByTestId('replay-play')).toHaveText('Pause');
    await expect.poll(async () => (await replay(page))?.time ?? 0).toBeGreaterThan(0.2);
    await page.getByTestId('replay-play').click();
    await expect(page.getByTestId('replay-play')).toHaveText('Play');
    const paused = (await replay(page))?.time;
    await page.waitForTimeout(400);
    expect((await replay(page))?.time).toBe(paused);
    expect((await replay(page))?.playing).toBe(false);
  } finally {
    await context.close();
  }
});

test('people who are not owners see neither the record toggle nor recordings', async ({
  newPage,
}) => {
  const page = await newPage();
  await signIn(page, WRITER);
  await page.goto(`/s/${INCIDENT}`);
  await waitConnected(page);
  await expect.poll(() => role(page)).toBe('writer');
  await expect(page.getByTestId('record-toggle')).toBeHidden();
  expect((await page.request.get(`/api/sessions/${INCIDENT}/recordings`)).status()).toBe(403);
  await page.goto(`/s/${INCIDENT}/recordings`);
  await expect(page.getByRole('status')).toHaveText(
    'Only owners of this session can see its recordings.',
  );
});
