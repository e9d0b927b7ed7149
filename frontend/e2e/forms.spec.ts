// A failed save in the browser: every error, the client's and the server's (a common password),
// shown at once on its field, the first one focused, and a summary by the Save button.
import { expect, signIn, test } from './fixtures';

test('a new user with a bad email, a head without department and a common password', async ({
  page,
  adminPassword,
  people,
  consoleGuard,
}) => {
  consoleGuard.allow(/status of 422/);
  await page.goto('/admin/users');
  await signIn(page, adminPassword);
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByLabel('Email').fill('not-an-email');
  await dialog.getByLabel('Name').fill('Hilda Head');
  await dialog.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Department head' }).click();
  await dialog.getByText('Set it now').click();
  await dialog.getByPlaceholder('At least 12 characters').fill('password1234');
  await dialog.getByRole('button', { name: 'Create user' }).click();

  // One round: the client's checks and the server's own (a common password) all at once, the
  // first field focused, nothing created.
  const email = dialog.getByLabel('Email');
  const password = dialog.getByPlaceholder('At least 12 characters');
  await expect(password).toHaveAccessibleDescription(/among the 10 000 most common/);
  await expect(email).toBeFocused();
  await expect(email).toHaveAccessibleDescription(/Email must be a valid email address/);
  await expect(dialog.getByRole('combobox', { name: 'Department' })).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toHaveText(/3 fields need attention/);

  // Fixed, the account is created.
  await email.fill(`hilda-${people.suffix}@example.org`);
  await dialog.getByRole('combobox', { name: 'Department' }).click();
  await page.getByRole('option').first().click();
  await password.fill(`a less common phrase ${people.suffix}`);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('dialog', { name: 'User created' })).toBeVisible();
});
