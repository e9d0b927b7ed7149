// Administration in the browser: the admin's navigation, and a department and a user created
// through the screens, with the server's field errors shown where they belong.
import { expect, keepScreenshot, signIn, test } from './fixtures';
import { navLinks } from './people';

test('the admin creates a department and a user, and sees field errors for a head without a department', async ({
  page,
  adminPassword,
  people,
  consoleGuard,
}, testInfo) => {
  // The browser notes the deliberate 422 (a department head without a department) in the console.
  consoleGuard.allow(/status of 422/);
  const departmentName = `Estates ${people.suffix}`;
  const email = `new-user-${people.suffix}@example.org`;
  await page.goto('/admin/departments');
  await signIn(page, adminPassword);

  // Every screen is in the navigation, administration included.
  expect(await navLinks(page)).toEqual([
    'Overview',
    'Restoration',
    'Cases',
    'Alerts',
    'Observables',
    'Figures',
    'Audit',
    'Exports',
    'Users',
    'Departments',
    'Services',
    'Regimes',
    'Playbooks',
    'Mail',
    'Webhooks',
    'API keys',
  ]);
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByText('Administration')).toBeVisible();

  // A department.
  await page.getByRole('button', { name: 'New department' }).click();
  const departmentDialog = page.getByRole('dialog', { name: 'New department' });
  await departmentDialog.getByLabel('Name').fill(departmentName);
  await departmentDialog.getByRole('button', { name: 'Create department' }).click();
  await expect(departmentDialog).toBeHidden();
  await expect(page.getByRole('table', { name: 'Departments' }).getByText(departmentName)).toBeVisible();

  // A department head without a department: the server's error lands on the Department field.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'New user' }).click();
  const userDialog = page.getByRole('dialog', { name: 'New user' });
  await userDialog.getByLabel('Email').fill(email);
  await userDialog.getByLabel('Name').fill('Nora New');
  await userDialog.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Department head' }).click();
  await userDialog.getByRole('button', { name: 'Create user' }).click();
  const department = userDialog.getByRole('combobox', { name: 'Department' });
  await expect(department).toHaveAttribute('aria-invalid', 'true');
  await expect(userDialog.getByText('is required for a department head')).toBeVisible();
  await keepScreenshot(page, testInfo, 'create-user-field-error.png');

  // With the department chosen, the account is created and its password shown once.
  await department.click();
  await page.getByRole('option', { name: departmentName }).click();
  await userDialog.getByRole('button', { name: 'Create user' }).click();
  const created = page.getByRole('dialog', { name: 'User created' });
  await expect(created.getByTestId('generated-password')).not.toBeEmpty();
  await expect(created.getByRole('button', { name: 'Copy the password' })).toBeVisible();
  await created.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  const row = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Nora New');
  await expect(row).toContainText('Department head');
  await expect(row).toContainText(departmentName);
  await keepScreenshot(page, testInfo, 'admin-users.png', { fullPage: true });
});
