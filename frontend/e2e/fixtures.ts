// Shared fixtures: each worker's own server, its admin account, the people of every role (made
// when a test first asks for them), and a page that fails its test on any console error, uncaught
// exception or CSP violation. Every spec uses this one `test` (sso.spec.ts alone swaps the server),
// so that a worker runs any spec without being restarted.
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';

import { createPeople, type People } from './people';
import { startServer } from './server';

export { expect };

export const ADMIN_EMAIL = 'admin@localhost';
export const REFRESH_TOKEN_KEY = 'caseward.refresh_token';

/** E2EServer is a worker's server: its address and its first admin's password. */
export interface E2EServer {
  url: string;
  adminPassword: string;
}

export interface ConsoleGuard {
  /** allow lets console errors matching pattern through (e.g. the browser's note about an expected 401). */
  allow(pattern: RegExp): void;
}

export const test = base.extend<
  { adminPassword: string; consoleGuard: ConsoleGuard },
  { server: E2EServer; people: People }
>({
  // One server and database per worker: workers run spec files side by side and never share data.
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use({ url: server.url, adminPassword: server.adminPassword });
      await server.stop();
    },
    { scope: 'worker' },
  ],
  people: [
    async ({ playwright, server }, use) => {
      const request = await playwright.request.newContext({ baseURL: server.url });
      await use(await createPeople(request, ADMIN_EMAIL, server.adminPassword));
      await request.dispose();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  adminPassword: async ({ server }, use) => {
    await use(server.adminPassword);
  },
  // Automatic: every test's page is guarded, whether or not the test asks for consoleGuard.
  consoleGuard: [
    async ({ page }, use) => {
      const allowed: RegExp[] = [];
      const problems: string[] = [];
      page.on('console', (msg) => {
        const text = msg.text();
        const csp = /Content Security Policy|CSP violation/i.test(text);
        if ((msg.type() === 'error' || csp) && !allowed.some((re) => re.test(text))) {
          problems.push(`console.${msg.type()}: ${text}`);
        }
      });
      page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`);
        });
      });
      await use({ allow: (pattern) => allowed.push(pattern) });
      expect(problems, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

/**
 * signIn fills the login form, which the page must already show, and waits for the shell:
 * as the admin by default, or as the account given by email and name.
 */
export async function signIn(page: Page, password: string, email = ADMIN_EMAIL, name = 'Administrator'): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user-name')).toHaveText(name);
}

/**
 * ALL_SCREENSHOTS: CASEWARD_E2E_SCREENSHOTS=all keeps, under test-results/, every screen the tests name and every
 * test's end state (playwright.config.ts). By default a run keeps a failing test's end state and the few screens
 * marked chosen: the rest cost a tenth of the run on a 2-core machine.
 */
export const ALL_SCREENSHOTS = process.env.CASEWARD_E2E_SCREENSHOTS === 'all';

/** keepScreenshot saves what target shows under the test's folder in test-results/, when chosen or ALL_SCREENSHOTS. */
export async function keepScreenshot(
  target: Page | Locator,
  testInfo: TestInfo,
  name: string,
  { fullPage = false, chosen = false }: { fullPage?: boolean; chosen?: boolean } = {},
): Promise<void> {
  if (!chosen && !ALL_SCREENSHOTS) return;
  const path = testInfo.outputPath(name);
  await ('goto' in target ? target.screenshot({ path, fullPage }) : target.screenshot({ path }));
}
