// Browser tests: Debian's Chromium against a real `caseward serve` on a fresh database
// (started by e2e/global-setup.ts). Never downloads a browser.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 20_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    // Times follow the browser's locale (components/dates.ts): British English gives "26 Dec" on every machine.
    locale: 'en-GB',
    // The browser asks for less motion, which the app honours: no transitions to render and wait for.
    reducedMotion: 'reduce',
    screenshot: 'on', // every test's end state is kept under test-results/
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CASEWARD_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
