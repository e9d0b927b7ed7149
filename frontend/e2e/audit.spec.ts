// The audit screen in the browser: the trail is there, newest first, names what it is about, searches as
// you type, and the chain verifies.
import { expect, keepScreenshot, signIn, test } from './fixtures';

test('verify chain shows the audit chain is valid', async ({ page, adminPassword, people }, testInfo) => {
  void people; // their creation is in the trail
  await page.goto('/audit');
  await signIn(page, adminPassword);

  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText('auth.login'); // newest first: this very sign-in

  // A filter lands in the URL; a row opens to its changes.
  await page.getByRole('combobox', { name: 'Action' }).click();
  await page.getByRole('option', { name: 'user.create' }).click();
  await expect(page).toHaveURL(/action=user\.create/);
  await expect(rows.first()).toContainText('user.create');
  await rows
    .first()
    .getByRole('button', { name: /Show the details/ })
    .click();
  await expect(page.getByTestId('change-list').first()).toContainText('Role');

  await page.getByRole('button', { name: 'Verify chain' }).click();
  const result = page.getByTestId('verify-result');
  await expect(result).toContainText('Chain valid');
  await expect(result).toContainText(/All \d[\d,]* events verified/);
  await keepScreenshot(page, testInfo, 'audit.png', { fullPage: true });
});

test('the audit log names each entity and finds events by case reference and by person as you type', async ({
  page,
  adminPassword,
  people,
}, testInfo) => {
  await page.goto('/audit');
  await signIn(page, adminPassword);
  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible();

  // A case reference, typed in lower case: every event of the case, named and linked to it.
  const search = page.getByRole('textbox', { name: 'Search the audit log' });
  await search.fill(people.sampleCase.reference.toLowerCase());
  await expect(page).toHaveURL(new RegExp(`q=${people.sampleCase.reference.toLowerCase()}`));
  const opened = rows.filter({ hasText: 'case.create' });
  await expect(opened).toHaveCount(1);
  const entity = opened.getByTestId('audit-entity');
  await expect(entity).toContainText(people.sampleCase.reference);
  await expect(entity.getByRole('link', { name: people.sampleCase.reference })).toHaveAttribute(
    'href',
    `/cases/${people.sampleCase.id}`,
  );
  await keepScreenshot(page, testInfo, 'audit-search.png', { fullPage: true });

  // A person, by email whatever its case: the account made for them, named.
  await search.fill(people.auditor.email.toUpperCase());
  await expect(page).toHaveURL(/q=AUDITOR-/);
  const created = rows.filter({ hasText: 'user.create' });
  await expect(created).toHaveCount(1);
  await expect(created.getByTestId('audit-entity')).toContainText(people.auditor.name);

  // Nothing matches: said plainly.
  await search.fill(`nothing-holds-this-${people.suffix}`);
  await expect(page.getByText(`Nothing in the audit log matches “nothing-holds-this-${people.suffix}”`)).toBeVisible();
});
