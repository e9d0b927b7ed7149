// API keys in a real browser (docs/api-keys.md): an admin makes a read-only key on Administration ›
// API keys, copies its token from the panel it is shown once in, reads the cases with it (200), sees
// its last use, revokes it, and the same request is refused (401). A responder makes a personal key on
// the account page with their own role (never a choice), and revokes it. Both screens pass axe and
// fit a phone.
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';

import { expectAccessible } from './axe';
import { expect, keepScreenshot, signIn, test } from './fixtures';
import { signInAs } from './people';

const TOKEN = /^cwk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/;

/** casesWith reads the case list with a token, as another tool would. */
const casesWith = (request: APIRequestContext, token: string) =>
  request.get('/api/v1/cases', { headers: { Authorization: `Bearer ${token}` } });

/**
 * fitsPhone checks, at 390 px, that the page does not scroll sideways and the key table folds into
 * cards that fit their frame (polled: the frame settles a moment after the window narrows).
 */
async function fitsPhone(page: Page, table: string, testInfo: TestInfo, shot: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  const keys = page.getByRole('table', { name: table });
  await expect(keys).toBeVisible();
  const overflow = () =>
    keys.evaluate((t) => {
      const frame = t.closest<HTMLElement>('.mantine-ScrollArea-viewport') ?? t.parentElement!;
      return Math.max(frame.scrollWidth - frame.clientWidth, document.documentElement.scrollWidth - 390);
    });
  await expect.poll(overflow, { message: `${table} scrolls sideways at 390 px` }).toBeLessThanOrEqual(0);
  await keepScreenshot(page, testInfo, shot, { fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('an admin makes a read-only key, reads the cases with it, and revokes it: then it is refused', async ({
  page,
  request,
  adminPassword,
  people,
}, testInfo) => {
  test.setTimeout(60_000);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const name = `Board dashboard ${people.suffix}`;
  await page.goto('/admin/api-keys');
  await signIn(page, adminPassword);
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'API keys' }),
  ).toHaveAttribute('aria-current', 'page');

  await page.getByRole('button', { name: 'New key' }).click();
  const dialog = page.getByRole('dialog', { name: 'New API key' });
  await dialog.getByLabel('Name').fill(name);
  await expect(dialog.getByRole('combobox', { name: 'Role' })).toHaveValue('Read only');
  await expect(dialog).toContainText('You: Administrator (admin@localhost)');
  await expectAccessible(page, testInfo, { label: 'new API key dialog' });
  await dialog.getByRole('button', { name: 'Make key' }).click();

  const made = page.getByRole('dialog', { name: 'API key made' });
  await expect(made).toContainText('it will not be shown again');
  const shown = (await made.getByTestId('api-key-token').textContent()) ?? '';
  expect(shown).toMatch(TOKEN);
  await expect(made.getByTestId('api-key-example')).toContainText(`Bearer ${shown}`);
  await made.getByRole('button', { name: 'Copy the token' }).click();
  const token = await page.evaluate(() => navigator.clipboard.readText());
  expect(token).toBe(shown);
  await expectAccessible(page, testInfo, { label: 'the token shown once' });
  await keepScreenshot(page, testInfo, 'token-panel.png');
  await made.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('api-key-token')).toHaveCount(0);

  // Another tool reads the cases with it.
  expect((await casesWith(request, token)).status()).toBe(200);

  // Its row: read only, acting for the admin, live, and (after a reload) used from this machine.
  await page.reload();
  const row = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Read only');
  await expect(row).toContainText('admin@localhost');
  await expect(row).toContainText('Live');
  await expect(row).toContainText('from 127.0.0.1');
  await expectAccessible(page, testInfo, { label: 'API keys page' });
  await fitsPhone(page, 'API keys', testInfo, 'api-keys-390.png');

  // Revoked in the UI, after a confirmation naming it: the same request is refused.
  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke the API key' });
  await expect(confirm).toContainText(`Revoke ${name}, acting for Administrator (admin@localhost)?`);
  await confirm.getByRole('button', { name: 'Revoke key' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: `Revoke ${name}` })).toHaveCount(0);
  const refused = await casesWith(request, token);
  expect(refused.status()).toBe(401);
  expect(await refused.text()).toContain('revoked');
});

test('a responder makes a personal key with their own role on the account page, and revokes it', async ({
  page,
  request,
  people,
}, testInfo) => {
  test.setTimeout(60_000);
  const name = `Nightly triage script ${people.suffix}`;
  await signInAs(page, people.responder);
  await page.goto('/account');
  const section = page.getByRole('region', { name: 'Personal API keys' });
  // By keyboard: the button opens the dialog on the Name field, and Enter makes the key.
  await section.getByRole('button', { name: 'New personal key' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New personal API key' });
  await expect(dialog).toContainText('with your role: Responder');
  await expect(dialog.getByRole('combobox')).toHaveCount(0);
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');

  const made = page.getByRole('dialog', { name: 'API key made' });
  const token = (await made.getByTestId('api-key-token').textContent()) ?? '';
  expect(token).toMatch(TOKEN);
  await expectAccessible(page, testInfo, { label: 'personal token shown once' });
  await made.getByRole('button', { name: 'Done' }).click();
  expect((await casesWith(request, token)).status()).toBe(200);

  const row = section.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Responder');
  await expect(row).toContainText('Live');
  await expectAccessible(page, testInfo, { label: 'account page with API keys' });
  await fitsPhone(page, 'Your API keys', testInfo, 'account-390.png');

  await row.getByRole('button', { name: `Revoke ${name}` }).focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Revoke the API key' });
  await expect(confirm).toContainText(`Revoke ${name}`);
  await confirm.getByRole('button', { name: 'Revoke key' }).focus();
  await page.keyboard.press('Enter');
  await expect(row).toContainText('Revoked');
  expect((await casesWith(request, token)).status()).toBe(401);
});
