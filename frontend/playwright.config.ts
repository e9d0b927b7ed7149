// Browser tests: Debian's Chromium against a real `caseward serve` on a fresh database, one
// per worker (e2e/fixtures.ts). Never downloads a browser.
import path from 'node:path';

import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  // Tests, not files, are shared out between the workers: a11y.spec.ts alone (31 tests) otherwise kept one worker
  // busy for as long as the other took to run every other spec. A spec whose tests depend on each other says so
  // (status.spec.ts: serial; sso.spec.ts: in order, on the server it starts).
  fullyParallel: true,
  // The tests wait on the browser and the server more than they compute: two workers keep
  // two cores busy. CASEWARD_E2E_WORKERS overrides.
  workers: Number(process.env.CASEWARD_E2E_WORKERS ?? 2),
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Two workers share two cores with their servers: the limits catch a hang, not a slow step.
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    // Times follow the browser's locale (components/dates.ts): British English gives "26 Dec" on every machine.
    locale: 'en-GB',
    // The browser asks for less motion, which the app honours: no transitions to render and wait for.
    reducedMotion: 'reduce',
    // A failing test's end state is kept under test-results/; CASEWARD_E2E_SCREENSHOTS=all keeps every test's, and
    // every screen the tests name (keepScreenshot in e2e/fixtures.ts), as the team's review of the screens wants.
    screenshot: process.env.CASEWARD_E2E_SCREENSHOTS === 'all' ? 'on' : 'only-on-failure',
    trace: 'off',
    launchOptions: {
      // Debian's /usr/bin/chromium (CASEWARD_CHROMIUM overrides), through a script that turns off what a test never
      // uses but each browser context would pay for (e2e/chromium.sh).
      executablePath: path.join(import.meta.dirname, 'e2e', 'chromium.sh'),
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
