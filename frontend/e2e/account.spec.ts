// The account page: changing one's own password ends the other sign-ins; so does signing one out from the
// list of sign-ins; a chosen time zone shows on every time.
import { expect, test } from './fixtures';
import { api, PASSWORD, type Person, signInAs } from './people';

// The browser notes the deliberate 422 (wrong current password) and the other browser's refused 401s.
const EXPECTED_REFUSALS = /Failed to load resource: the server responded with a status of (401|422)/;

async function newAuditor(request: import('@playwright/test').APIRequestContext, adminToken: string, key: string) {
  const person: Person = {
    email: `${key}-${Date.now().toString(36)}@example.org`,
    name: `Olga ${key}`,
    password: PASSWORD,
  };
  await api(request, adminToken, 'POST', '/users', { ...person, role: 'auditor', department_id: null });
  return person;
}

test('changing my password signs me out elsewhere, keeps me here, and the new one signs in', async ({
  page,
  browser,
  request,
  people,
  consoleGuard,
}) => {
  consoleGuard.allow(EXPECTED_REFUSALS);
  const me = await newAuditor(request, people.adminToken, 'password');
  await signInAs(page, me);

  // Another browser, signed in as the same person.
  const other = await browser.newContext();
  const elsewhere = await other.newPage();
  await signInAs(elsewhere, me);

  await page.getByRole('button', { name: `Account menu for ${me.name}` }).click();
  await page.getByRole('menuitem', { name: 'Your account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expect(page.getByRole('main').getByText(me.email)).toBeVisible();

  // A wrong current password and a common new one: both named at once on their fields, the first
  // focused, a summary by the button; nothing changes.
  const form = page.getByRole('form', { name: 'Change password' });
  const current = form.getByLabel('Current password');
  const next = form.getByLabel(/^New password/);
  const repeat = form.getByLabel('Repeat the new password');
  await current.fill('not my password at all');
  await next.fill('password1234');
  await repeat.fill('password1234');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(current).toHaveAccessibleDescription('Current password is not the password you signed in with.');
  await expect(next).toHaveAccessibleDescription(/among the 10 000 most common/);
  await expect(current).toBeFocused();
  await expect(form.getByRole('alert')).toHaveText(/2 fields need attention/);

  await current.fill(me.password);
  await next.fill('a brand new long password');
  await repeat.fill('a brand new long password');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Password changed' })).toBeVisible();

  // The other browser's session is refused on its next request.
  await elsewhere.goto('/cases');
  await expect(elsewhere).toHaveURL(/\/login$/);
  await other.close();

  // This one still works.
  await page.goto('/cases');
  await expect(page.getByRole('heading', { name: 'Cases', exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/cases$/);

  await page.getByRole('button', { name: `Account menu for ${me.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await signInAs(page, { ...me, password: 'a brand new long password' });
});

test('a chosen time zone shows on a case’s times, with its name', async ({ page, request, people }) => {
  const me = await newAuditor(request, people.adminToken, 'zone');
  await signInAs(page, me);
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Time zone' })).toHaveValue(/^Browser default \(/);

  await page.getByRole('combobox', { name: 'Time zone' }).click();
  await page.getByRole('combobox', { name: 'Time zone' }).fill('Tokyo');
  await page.getByRole('option', { name: 'Asia/Tokyo' }).click();
  await page.getByRole('button', { name: 'Save time zone' }).click();
  await expect(page.getByTestId('current-zone')).toHaveText(/^Asia\/Tokyo/);

  await page.goto(`/cases/${people.sampleCase.id}`);
  await expect(page.getByRole('heading', { name: people.sampleCase.title })).toBeVisible();
  // Tokyo is nine hours ahead of UTC all year; the zone is named on the time.
  await expect(page.getByText(/GMT\+9/).first()).toBeVisible();
});

test('signing out another browser from the account page sends it to the sign-in page', async ({
  page,
  browser,
  request,
  people,
  consoleGuard,
}) => {
  consoleGuard.allow(EXPECTED_REFUSALS);
  const me = await newAuditor(request, people.adminToken, 'sessions');
  await signInAs(page, me);

  // Another browser, signed in as the same person.
  const other = await browser.newContext();
  const elsewhere = await other.newPage();
  await signInAs(elsewhere, me);

  await page.goto('/account');
  const section = page.getByRole('region', { name: 'Where you are signed in' });
  const rows = section.getByTestId('session-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'This device' })).toHaveCount(1);
  // Both are Debian's (headless) Chromium: the browser is named, its raw user agent kept as the tooltip.
  await expect(rows.first().getByText('Chrome on Linux')).toHaveAttribute('title', /Chrome\/[\d.]+/);

  const theirs = rows.filter({ hasNotText: 'This device' });
  await theirs.getByRole('button', { name: /^Sign out / }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign out that device' });
  await dialog.getByRole('button', { name: 'Sign out' }).click();
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('This device');
  await expect(section.getByRole('button', { name: 'Sign out everywhere else' })).toBeHidden();

  // The other browser's session is refused on its next request.
  await elsewhere.goto('/cases');
  await expect(elsewhere).toHaveURL(/\/login$/);
  await other.close();

  // This one still works.
  await page.goto('/cases');
  await expect(page.getByRole('heading', { name: 'Cases', exact: true })).toBeVisible();
});
