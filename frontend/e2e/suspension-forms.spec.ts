// A failed save in a suspension dialog, in the browser: the client's finding (no one named as
// deciding) and the server's (a restoration date before the suspension began) show at once on
// their fields, the first one focused, a summary by the button, and nothing is suspended.
import { localInput } from './dates';
import { ADMIN_EMAIL, expect, signIn, test } from './fixtures';
import { api, login } from './people';

test('suspending with no decision-maker and a restoration date before it began shows both at once', async ({
  page,
  request,
  adminPassword,
  consoleGuard,
}) => {
  consoleGuard.allow(/status of 422/); // the refused save, on purpose
  const admin = await login(request, ADMIN_EMAIL, adminPassword);
  const suffix = Date.now().toString(36);
  const department = await api<{ id: string }>(request, admin, 'POST', '/departments', {
    name: `Forms department ${suffix}`,
  });
  const serviceName = `Forms service ${suffix}`;
  await api(request, admin, 'POST', '/services', { name: serviceName, department_id: department.id });
  const now = new Date().toISOString();
  const c = await api<{ id: string }>(request, admin, 'POST', '/cases', {
    title: `Suspension forms ${suffix}`,
    category: 'unauthorised_access',
    severity: 'high',
    detected_at: now,
    aware_at: now,
    personal_data_involved: false,
  });

  await page.goto(`/cases/${c.id}`);
  await signIn(page, adminPassword);
  await page.getByRole('tab', { name: 'Suspensions' }).click();
  await page.getByRole('button', { name: 'Suspend a service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Suspend a service' });
  await dialog.getByRole('combobox', { name: 'Service' }).click();
  await page.getByRole('option', { name: serviceName }).click();
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Suspected credential theft');
  await dialog.getByLabel('Expected restoration').fill(localInput(-2));
  await dialog.getByRole('button', { name: 'Suspend service' }).click();

  const decidedBy = dialog.getByRole('textbox', { name: /Decided by/ });
  const expected = dialog.getByLabel('Expected restoration');
  await expect(expected).toHaveAccessibleDescription(/Expected restoration cannot be before the suspension began/);
  await expect(decidedBy).toHaveAccessibleDescription(/Decided by is required/);
  await expect(decidedBy).toBeFocused();
  await expect(dialog.getByRole('alert')).toHaveText(/2 fields need attention/);

  // Nothing was suspended: the case has no suspension, the service is still operational.
  const list = await api<{ items: unknown[] }>(request, admin, 'GET', `/cases/${c.id}/suspensions`);
  expect(list.items).toHaveLength(0);

  // Fixed, the service is suspended.
  await decidedBy.fill('CISO');
  await expected.fill(localInput(14));
  await dialog.getByRole('button', { name: 'Suspend service' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('article', { name: serviceName })).toBeVisible();
});
