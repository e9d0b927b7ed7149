// The case form in the browser: a failed save shows every error at once, focuses the first field,
// says so by the Save button and changes nothing; then a good save goes through.
import { localInput } from './dates';
import { expect, test } from './fixtures';
import { api, login, signInAs } from './people';

const DAY_MS = 86_400_000;

test("editing a case's details with an empty title and awareness before detection", async ({
  page,
  request,
  people,
  consoleGuard,
}) => {
  consoleGuard.allow(/status of 422/);
  const token = await login(request, people.responder.email, people.responder.password);
  const title = `Phishing wave in accounts payable ${people.suffix}`;
  const c = await api<{ id: string }>(request, token, 'POST', '/cases', {
    title,
    category: 'phishing',
    severity: 'medium',
    detected_at: new Date(Date.now() - 3 * DAY_MS).toISOString(),
    aware_at: new Date(Date.now() - 2 * DAY_MS).toISOString(),
    personal_data_involved: false,
  });

  await signInAs(page, people.responder);
  await page.goto(`/cases/${c.id}`);
  await page.getByRole('button', { name: 'Edit details' }).click();
  let form = page.getByRole('form', { name: 'Case details' });
  const awareBefore = await form.getByLabel('Aware at').inputValue();
  await form.getByLabel('Title').fill('');
  await form.getByLabel('Aware at').fill(localInput(-5)); // two days before it was detected
  await form.getByRole('button', { name: 'Save changes' }).click();

  // One round: both fields marked, the first focused, the summary by Save.
  await expect(form.getByLabel('Title')).toBeFocused();
  await expect(form.getByLabel('Title')).toHaveAccessibleDescription(/Title is required/);
  await expect(form.getByLabel('Aware at')).toHaveAccessibleDescription(
    /Aware at cannot be before the time it was detected/,
  );
  await expect(form.getByRole('alert')).toHaveText(/2 fields need attention\. Nothing was saved\./);

  // Nothing changed on the server: after a reload the case is as it was.
  await page.reload();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await page.getByRole('button', { name: 'Edit details' }).click();
  form = page.getByRole('form', { name: 'Case details' });
  await expect(form.getByLabel('Title')).toHaveValue(title);
  await expect(form.getByLabel('Aware at')).toHaveValue(awareBefore);

  // Good values are saved.
  await form.getByLabel('Title').fill(`${title} (contained)`);
  await form.getByLabel('Aware at').fill(localInput(-1));
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('heading', { name: `${title} (contained)` })).toBeVisible();
});

test('a new case without title or category, on a phone', async ({ page, people, consoleGuard }) => {
  consoleGuard.allow(/status of 422/);
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, people.responder);
  await page.goto('/cases');
  await page.getByRole('button', { name: 'New case' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await dialog.getByRole('button', { name: 'Open case' }).click();

  await expect(dialog.getByLabel('Title')).toBeFocused();
  await expect(dialog.getByLabel('Title')).toHaveAccessibleDescription(/Title is required/);
  await expect(dialog.getByRole('combobox', { name: 'Category' })).toHaveAttribute('aria-invalid', 'true');
  const summary = dialog.getByRole('alert');
  await expect(summary).toHaveText(/2 fields need attention\. Nothing was saved\./);
  await summary.scrollIntoViewIfNeeded();
  await expect(summary).toBeInViewport();
  await expect(page).toHaveURL(/\/cases$/);

  // Fixed, the case opens.
  const title = `Lost badge reader logs ${people.suffix}`;
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByRole('combobox', { name: 'Category' }).click();
  await page.getByRole('option', { name: 'Unauthorised access' }).click();
  await dialog.getByRole('button', { name: 'Open case' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
});
