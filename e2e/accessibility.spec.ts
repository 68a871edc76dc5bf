// Accessibility in real Chromium: axe-core (WCAG 2 A and AA rules) finds no serious or critical
// violation on the sign-in page, the lobby, the terminal page as writer and as viewer, the share
// dialog and the join page.

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
  EMBEDDED_SESSION,
  expect,
  openAsOwner,
  openWriterAndViewer,
  signIn,
  test,
  waitConnected,
} from './fixtures.js';
import { SESSION, WRITER } from './incident.js';

/** The WCAG 2.0/2.1 level A and AA rules: the level the issue asks for. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The impacts that fail a page; minor and moderate findings are printed only. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/** The viewports of the writer and the viewer: any sizes that fit the default window. */
const VIEWPORTS = { writer: { width: 1100, height: 700 }, viewer: { width: 900, height: 600 } };

/** Runs axe on `page` as it is now and fails, listing each rule and element, on serious findings. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const failing = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
  const report = failing
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary ?? ''}`)
        .join('\n');
      return `  ${violation.id} (${violation.impact ?? '?'}): ${violation.help}\n${nodes}`;
    })
    .join('\n');
  expect(failing.length, `axe on ${what}:\n${report}`).toBe(0);
}

/** A focus ring thinner than this is hard to see (the styles draw 2px). */
const MIN_RING_PX = 2;

/** Presses Tab `count` times; each control reached must draw a ring (its outline) around it. */
async function expectFocusRings(page: Page, count: number): Promise<void> {
  for (let step = 0; step < count; step += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      if (!(element instanceof HTMLElement) || element === document.body) return undefined;
      const style = getComputedStyle(element);
      const name = element.getAttribute('name') ?? element.textContent ?? '';
      return {
        what: `${element.tagName.toLowerCase()} ${name}`,
        ring: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
      };
    });
    if (focused === undefined) return;
    expect(focused.ring, `focus ring of ${focused.what}`).toBeGreaterThanOrEqual(MIN_RING_PX);
  }
}

test('the sign-in page and the lobby', async ({ incident, newPage }) => {
  const page = await newPage();
  await page.goto('/login');
  await expect(page.getByLabel('Username')).toBeVisible();
  await expectAccessible(page, 'the login page');
  await expectFocusRings(page, 3);
  await page.goto('/');
  await expect(page.getByLabel('Username')).toBeVisible();
  await expectAccessible(page, 'the signed-out front page');

  await signIn(page, WRITER);
  await page.goto('/');
  await expect(page.locator('.session-list .session-name')).toHaveText(SESSION);
  await expect(page).toHaveURL(`${incident.baseUrl}/`);
  await expectAccessible(page, 'the lobby');
  await expectFocusRings(page, 2);
});

test('the terminal page as writer and as viewer', async ({ newPage }) => {
  const { writer, viewer } = await openWriterAndViewer(newPage, VIEWPORTS);
  await expectAccessible(writer, 'the terminal page (writer)');
  await expectAccessible(viewer, 'the terminal page (viewer)');
});

test('the share dialog and the join page', async ({ gateway, openPage }) => {
  const owner = await openPage();
  await openAsOwner(owner, gateway);
  await owner.getByTestId('share-button').click();
  const dialog = owner.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  await expectAccessible(owner, 'the share dialog');
  await expectFocusRings(owner, 4);

  await dialog.getByTestId('share-create').click();
  const url = dialog.getByTestId('share-url');
  await expect(url).toHaveValue(/\/join\/[A-Za-z0-9_-]+$/);
  await expectAccessible(owner, 'the share dialog with a new link');

  const guest = await openPage();
  await guest.goto(await url.inputValue());
  await expect(guest.getByTestId('join-name')).toBeVisible();
  await expectAccessible(guest, 'the join page');
  await guest.getByTestId('join-name').fill('Guest');
  await guest.getByTestId('join-submit').click();
  await expect(guest).toHaveURL(new RegExp(`/s/${EMBEDDED_SESSION}$`));
  await waitConnected(guest);
  await expectAccessible(guest, 'the terminal page (guest)');
});
