// Playwright configuration for the end-to-end tests: system Chromium, headless, one worker.

import { defineConfig } from '@playwright/test';

/** Browsers cannot be downloaded here; the system Chromium is used (override for other machines). */
const CHROMIUM = process.env.TMUXGATE_E2E_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../test-results',
  // Each test starts its own gateway and tmux server; one at a time keeps timings predictable.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: process.env.CI !== undefined,
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1100, height: 700 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
