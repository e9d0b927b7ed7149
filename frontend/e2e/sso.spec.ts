// Single sign-on end to end: Chromium goes from Caseward's sign-in page to a real OpenID
// provider's own page (caseward-test-idp, zitadel's op) and back, signed in. This spec runs its
// own server, configured for that provider with local passwords off.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { ADMIN_EMAIL, type E2EServer, expect, keepScreenshot, signIn, test as base } from './fixtures';
import { freePort, startServer } from './server';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const idpBinary = process.env.CASEWARD_TEST_IDP_BIN ?? path.join(repoRoot, 'bin', 'caseward-test-idp');

/** startProvider runs the test provider on port and waits until it answers discovery. */
async function startProvider(port: number, redirect: string): Promise<ChildProcess> {
  if (!existsSync(idpBinary)) {
    throw new Error(`no test provider at ${idpBinary}: go build -o bin/caseward-test-idp ./cmd/caseward-test-idp`);
  }
  const child = spawn(
    idpBinary,
    [
      `--addr=127.0.0.1:${port}`,
      '--client-id=caseward',
      '--client-secret=e2e-secret',
      `--redirect-uri=${redirect}`,
      '--user=ann:ann-password:ann@example.org:Ann Analyst:cw-responders',
      '--user=eve:eve-password:eve@example.org:Eve Outsider:marketing',
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  throw new Error('the test provider did not start');
}

// The worker's server is this one: single sign-on through the provider, passwords for the
// break-glass administrator only.
const test = base.extend<object, { server: E2EServer }>({
  server: [
    async ({}, use) => {
      const idpPort = await freePort();
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const idp = await startProvider(idpPort, `${url}/api/v1/auth/oidc/callback`);
      const server = await startServer(
        {
          CASEWARD_PUBLIC_URL: url,
          CASEWARD_OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
          CASEWARD_OIDC_CLIENT_ID: 'caseward',
          CASEWARD_OIDC_CLIENT_SECRET: 'e2e-secret',
          CASEWARD_OIDC_NAME: 'Test IdP',
          CASEWARD_OIDC_ROLE_GROUPS: 'admin=cw-admins;responder=cw-responders',
          CASEWARD_LOCAL_PASSWORDS: 'off',
          CASEWARD_BREAK_GLASS_EMAIL: ADMIN_EMAIL,
        },
        port,
      );
      await use({ url: server.url, adminPassword: server.adminPassword });
      await server.stop();
      idp.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],
});

// The provider and this server start once for the spec's tests, in one worker.
test.describe.configure({ mode: 'default' });

test('signs in through the provider: its own sign-in page, back to the page asked for, signed in', async ({
  page,
}, testInfo) => {
  await page.goto('/cases');
  await expect(page).toHaveURL(/\/login$/);
  // Passwords are off: the form waits behind the administrator's link.
  await expect(page.getByRole('link', { name: 'Sign in with Test IdP' })).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toBeHidden();
  await keepScreenshot(page, testInfo, 'sso-sign-in-page.png', { fullPage: true });

  await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  await expect(page.getByRole('heading', { name: 'Test identity provider' })).toBeVisible();
  await page.getByLabel('Username').fill('ann');
  await page.getByLabel('Password').fill('ann-password');
  await page.getByRole('button', { name: 'Sign in at the provider' }).click();

  await expect(page.getByTestId('user-name')).toHaveText('Ann Analyst');
  await expect(page).toHaveURL(/\/cases$/); // the fragment with the code is gone
  await keepScreenshot(page, testInfo, 'sso-signed-in.png', { fullPage: true });

  // A normal session: it survives a reload, and signs out as usual.
  await page.reload();
  await expect(page.getByTestId('user-name')).toHaveText('Ann Analyst');
  await page.getByRole('button', { name: 'Account menu for Ann Analyst' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test('someone whose groups give no role is told so on the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  await page.getByLabel('Username').fill('eve');
  await page.getByLabel('Password').fill('eve-password');
  await page.getByRole('button', { name: 'Sign in at the provider' }).click();

  await expect(page).toHaveURL(/\/login\?sso_error=no_role$/);
  await expect(page.getByRole('alert')).toContainText('None of your groups at the sign-in provider gives access');
});

test('the break-glass administrator still signs in with a password', async ({ page, adminPassword }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Administrator sign-in' }).click();
  await signIn(page, adminPassword);
});
