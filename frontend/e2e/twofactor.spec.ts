// Two-step sign-in in the browser, against the real server: setting it up on the account page and signing
// in with a code and with a recovery code; a role made to require it, whose member sets it up while signing
// in; an administrator resetting someone's. Codes come from the secret the page shows (e2e/totp.ts).
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';

import { COLOUR_RULES, expectAccessible } from './axe';
import { expect, keepScreenshot, signIn, test } from './fixtures';
import { api, PASSWORD, type Person, signInAs } from './people';
import { Authenticator } from './totp';

const PHONE = { width: 390, height: 844 };

async function newPerson(request: APIRequestContext, adminToken: string, key: string, role: string): Promise<Person> {
  const person: Person = {
    email: `${key}-${Date.now().toString(36)}@example.org`,
    name: `Tess ${key}`,
    password: PASSWORD,
  };
  await api(request, adminToken, 'POST', '/users', { ...person, role, department_id: null });
  return person;
}

/** password fills the first step of the sign-in page. */
async function password(page: Page, person: Person) {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page, person: Person) {
  await page.getByRole('button', { name: `Account menu for ${person.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/** secretOn reads the key the page shows beside the QR code, without its spaces. */
async function secretOn(page: Page): Promise<string> {
  const shown = await page.getByTestId('totp-secret').textContent();
  return (shown ?? '').replace(/\s/g, '');
}

async function recoveryCodesOn(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: 'Recovery codes' });
  await expect(list.getByRole('listitem')).toHaveCount(10);
  return (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
}

/** bothSchemes checks what the page shows now with axe in light, then its colours in dark. */
async function bothSchemes(page: Page, testInfo: TestInfo, label: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
    await expectAccessible(page, testInfo, {
      label: `${label} (${scheme})`,
      rules: scheme === 'dark' ? COLOUR_RULES : undefined,
    });
    await keepScreenshot(page, testInfo, `${label}-${scheme}.png`, { fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('set up on the account page, then signing in asks for a code, or takes a recovery code', async ({
  page,
  request,
  people,
}, testInfo) => {
  test.setTimeout(150_000);
  const me = await newPerson(request, people.adminToken, 'enrol', 'responder');
  await signInAs(page, me);

  await page.goto('/account');
  const section = page.getByRole('region', { name: 'Two-step sign-in' });
  await expect(section.getByTestId('second-factor-status')).toHaveText('Each sign-in asks for your password alone.');
  await expectAccessible(page, testInfo, { label: 'account page' });
  await section.getByRole('button', { name: 'Set up' }).click();
  const dialog = page.getByRole('dialog', { name: 'Set up two-step sign-in' });
  await expect(dialog.getByRole('img', { name: /QR code for your authenticator app/ })).toBeVisible();
  await bothSchemes(page, testInfo, 'account-setup');

  const app = new Authenticator(await secretOn(page));
  await dialog.getByLabel('6-digit code').fill(await app.code());
  await dialog.getByRole('button', { name: 'Turn on' }).click();
  const saved = page.getByRole('dialog', { name: 'Save your recovery codes' });
  const codes = await recoveryCodesOn(page);
  const download = page.waitForEvent('download');
  await saved.getByRole('button', { name: 'Download as text' }).click();
  expect((await download).suggestedFilename()).toBe('caseward-recovery-codes.txt');
  await saved.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(section.getByTestId('second-factor-status')).toHaveText(/^On since .*\. 10 recovery codes left\.$/);

  // The password alone no longer gets in: the code from the app does (the next one, once a new step begins).
  await signOut(page, me);
  await password(page, me);
  await expect(page.getByRole('heading', { name: 'Two-step sign-in' })).toBeVisible();
  const code = page.getByLabel('6-digit code');
  await expect(code).toBeFocused();
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await code.fill(await app.code());
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('user-name')).toHaveText(me.name);

  // A recovery code instead, once.
  await signOut(page, me);
  await password(page, me);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(codes[0] ?? '');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('user-name')).toHaveText(me.name);

  await page.goto('/account');
  await expect(section.getByTestId('second-factor-status')).toHaveText(/9 recovery codes left\.$/);
});

test('a role made to require two-step sign-in sets it up while signing in, on a phone', async ({
  page,
  browser,
  request,
  adminPassword,
  people,
}, testInfo) => {
  test.setTimeout(150_000);
  const auditor = await newPerson(request, people.adminToken, 'required', 'auditor');
  try {
    await page.goto('/admin/users');
    await signIn(page, adminPassword);
    const policy = page.getByRole('region', { name: 'Two-step sign-in' });
    await policy.getByRole('checkbox', { name: 'Auditor' }).check();
    await policy.getByRole('button', { name: 'Save' }).click();
    await expect(policy.getByRole('status')).toContainText('Saved.');
    await bothSchemes(page, testInfo, 'users-page-policy');

    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const mobile = await phone.newPage();
    await password(mobile, auditor);
    await expect(mobile.getByRole('heading', { name: 'Set up two-step sign-in' })).toBeVisible();
    await expect(mobile.getByText(/Your organisation requires two-step sign-in for your role/)).toBeVisible();
    await expect(mobile.getByRole('img', { name: /QR code for your authenticator app/ })).toBeVisible();
    await bothSchemes(mobile, testInfo, 'sign-in-enrolment');
    // Nothing is wider than the phone.
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    const app = new Authenticator(await secretOn(mobile));
    await mobile.getByLabel('6-digit code').fill(await app.code());
    await mobile.getByRole('button', { name: 'Turn on and sign in' }).click();
    await expect(mobile.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible();
    await recoveryCodesOn(mobile);
    await bothSchemes(mobile, testInfo, 'sign-in-recovery-codes');
    // Not in until the codes are saved.
    await expect(mobile.getByTestId('user-name')).toHaveCount(0);
    await mobile.getByRole('button', { name: 'I have saved them' }).click();
    await expect(mobile.getByRole('heading', { level: 1, name: /^Welcome/ })).toBeVisible();

    // The next sign-in, in another browser, asks for a code: the code step on a phone.
    await mobile.goto('/account');
    await expect(
      mobile.getByRole('region', { name: 'Two-step sign-in' }).getByText('Required for your role'),
    ).toBeVisible();
    const mine = mobile.getByRole('region', { name: 'Two-step sign-in' });
    await mine.scrollIntoViewIfNeeded();
    await bothSchemes(mobile, testInfo, 'account-phone');
    await keepScreenshot(mine, testInfo, 'account-phone-section.png');
    await phone.close();
    const phone2 = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const next = await phone2.newPage();
    await password(next, auditor);
    await expect(next.getByRole('heading', { name: 'Two-step sign-in' })).toBeVisible();
    await expect(next.getByLabel('6-digit code')).toBeFocused();
    await bothSchemes(next, testInfo, 'sign-in-code');
    await next.getByLabel('6-digit code').fill(await app.code());
    await next.getByRole('button', { name: 'Verify' }).click();
    await expect(next.getByRole('heading', { level: 1, name: /^Welcome/ })).toBeVisible();
    await phone2.close();
  } finally {
    // Other tests of this worker sign in as auditors: the policy goes back to none.
    await api(request, people.adminToken, 'PUT', '/sign-in-policy', { second_factor_roles: [] });
  }
});

test('an administrator resets a user’s second factor, and their next sign-in takes the password alone', async ({
  page,
  request,
  adminPassword,
  people,
}, testInfo) => {
  test.setTimeout(90_000);
  const person = await newPerson(request, people.adminToken, 'reset', 'responder');
  // Set up through the API, as the account page would.
  const signedIn = await request.post('/api/v1/auth/login', { data: { email: person.email, password: PASSWORD } });
  const token = ((await signedIn.json()) as { access_token: string }).access_token;
  const enrolment = await api<{ secret: string }>(request, token, 'POST', '/me/second-factor/totp');
  const app = new Authenticator(enrolment.secret);
  await api(request, token, 'POST', '/me/second-factor/totp/confirm', { code: await app.code() });

  await page.goto('/admin/users');
  await signIn(page, adminPassword);
  await page.getByRole('button', { name: `Edit ${person.email}` }).click();
  const drawer = page.getByRole('dialog', { name: 'Edit user' });
  const part = drawer.getByRole('region', { name: 'Two-step sign-in' });
  await expect(part.getByTestId('user-second-factor')).toHaveText(/^On since .*, 10 recovery codes left\.$/);
  await bothSchemes(page, testInfo, 'user-drawer');
  await part.getByRole('button', { name: 'Reset second factor…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Reset second factor' });
  await expect(confirm).toContainText('every sign-in of theirs ends now');
  await confirm.getByRole('button', { name: 'Reset second factor' }).click();
  await expect(confirm).toBeHidden();
  await expect(part.getByTestId('user-second-factor')).toHaveText(
    'Not set up: they sign in with their password alone.',
  );

  // Their sign-in made before the reset has ended.
  const refused = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  const again = await request.post('/api/v1/auth/login', { data: { email: person.email, password: PASSWORD } });
  expect(again.status()).toBe(200);
});
