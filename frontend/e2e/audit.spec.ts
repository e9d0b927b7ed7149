// The audit screen in the browser: the trail is there, newest first, and the chain verifies.
import { signIn } from './fixtures';
import { expect, test } from './people';

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
  await rows.first().getByRole('button', { name: /Show the details/ }).click();
  await expect(page.getByTestId('change-list').first()).toContainText('Role');

  await page.getByRole('button', { name: 'Verify chain' }).click();
  const result = page.getByTestId('verify-result');
  await expect(result).toContainText('Chain valid');
  await expect(result).toContainText(/All \d[\d,]* events verified/);
  await page.screenshot({ path: testInfo.outputPath('audit.png'), fullPage: true });
});
