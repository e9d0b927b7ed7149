// Sign-in, sign-out, session restore and client routes, in a real browser against a real server.
import { ADMIN_EMAIL, expect, keepScreenshot, REFRESH_TOKEN_KEY, signIn, test } from './fixtures';

const storedRefreshToken = (page: import('@playwright/test').Page) =>
  page.evaluate((key) => window.localStorage.getItem(key), REFRESH_TOKEN_KEY);

test('signs in as the admin, shows the shell, and signs out', async ({ page, adminPassword }, testInfo) => {
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, adminPassword);

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('banner').getByText('Caseward')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Welcome, Administrator' })).toBeVisible();
  await expect(page.getByText(ADMIN_EMAIL).first()).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Overview' }),
  ).toBeVisible();
  await keepScreenshot(page, testInfo, 'shell-after-login.png', { fullPage: true, chosen: true });

  await page.getByRole('button', { name: 'Account menu for Administrator' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  expect(await storedRefreshToken(page)).toBeNull();

  // The session is really over: the app asks to sign in again.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('a wrong password shows the error and stays on the sign-in page', async ({ page, consoleGuard }) => {
  // Chromium notes every failed request in the console; this 401 is the point of the test.
  consoleGuard.allow(/Failed to load resource: the server responded with a status of 401/);
  await page.goto('/login');

  await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('alert')).toContainText('Email or password is incorrect');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(ADMIN_EMAIL);
  expect(await storedRefreshToken(page)).toBeNull();
});

test('an unknown route shows the not-found page once signed in', async ({ page, adminPassword }) => {
  await page.goto('/no/such/page');
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, adminPassword);

  // Back on the page first asked for, inside the shell.
  await expect(page).toHaveURL(/\/no\/such\/page$/);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByText('/no/such/page')).toBeVisible();

  await page.getByRole('link', { name: 'Back to the overview' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Administrator' })).toBeVisible();
});

test('a reload keeps you signed in through a silent refresh', async ({ page, adminPassword }) => {
  await page.goto('/login');
  await signIn(page, adminPassword);
  const first = await storedRefreshToken(page);
  expect(first).toBeTruthy();

  for (let i = 0; i < 2; i++) {
    const before = await storedRefreshToken(page);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Welcome, Administrator' })).toBeVisible();
    await expect(page.getByTestId('user-name')).toHaveText('Administrator');
    // The refresh token was rotated: the silent refresh really ran.
    await expect.poll(() => storedRefreshToken(page)).not.toBe(before);
  }
  await expect(page).toHaveURL(/\/$/);
});
