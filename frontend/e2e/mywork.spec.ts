// My work on the landing page, in a real browser against the real server: an admin's set-up
// checklist (whatever earlier tests already created) and a responder's own case and clock.
import { ADMIN_EMAIL, expect, signIn, test } from './fixtures';
import { api, login, PASSWORD, signInAs } from './people';

interface Setup {
  departments: boolean;
  services: boolean;
  users: boolean;
}

// The e2e server is shared: other tests may have created departments, services and users
// before this one runs. So the test asks the server what exists and checks the page agrees,
// and that the server's answer is true of the lists themselves.
test('an admin sees the set-up checklist while something is missing, each step ticked when it exists', async ({
  page,
  request,
  adminPassword,
}) => {
  const token = await login(request, ADMIN_EMAIL, adminPassword);
  const work = await api<{ setup: Setup | null }>(request, token, 'GET', '/me/work');
  const departments = await api<{ items: unknown[] }>(request, token, 'GET', '/departments?limit=1');
  const services = await api<{ items: unknown[] }>(request, token, 'GET', '/services?limit=1');
  const users = await api<{ items: { role: string }[] }>(request, token, 'GET', '/users?limit=200');
  const exists: Setup = {
    departments: departments.items.length > 0,
    services: services.items.length > 0,
    users: users.items.some((u) => u.role !== 'admin'),
  };
  const allDone = exists.departments && exists.services && exists.users;
  expect(work.setup).toEqual(allDone ? null : exists);

  await page.goto('/');
  await signIn(page, adminPassword);
  await expect(page.getByRole('region', { name: 'My open cases' })).toBeVisible();
  const checklist = page.getByRole('region', { name: /^Set up Caseward/ });
  if (allDone) {
    await expect(checklist).toHaveCount(0);
    return;
  }
  const done = Object.values(exists).filter(Boolean).length;
  await expect(checklist.getByRole('heading')).toHaveText(`Set up Caseward: ${done} of 3 done`);
  const steps = checklist.getByRole('listitem');
  await expect(steps).toHaveCount(3);
  for (const [i, key] of (['departments', 'services', 'users'] as const).entries()) {
    await expect(steps.nth(i)).toHaveAttribute('data-done', String(exists[key]));
  }
  await checklist.getByRole('link', { name: 'Add a department' }).click();
  await expect(page).toHaveURL(/\/admin\/departments$/);
});

test('a responder sees their open case and its regulator clock, not a restricted case of another', async ({
  page,
  request,
  people,
}) => {
  const hours = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const openCase = async (email: string, title: string, awareHoursAgo: number, restricted: boolean) =>
    api<{ id: string; reference: string }>(request, await login(request, email, PASSWORD), 'POST', '/cases', {
      title,
      category: 'data_leak',
      severity: 'high',
      detected_at: hours(awareHoursAgo + 1),
      aware_at: hours(awareHoursAgo),
      personal_data_involved: true,
      restricted,
    });
  // Aware 71 hours ago: the 72-hour clock runs out within the hour, ahead of any other test's running clock.
  const mine = await openCase(people.responder.email, `Leaked payroll export ${people.suffix}`, 71, false);
  const secret = await openCase(people.responder2.email, `Restricted leak ${people.suffix}`, 70, true);

  await signInAs(page, people.responder);
  const open = page.getByRole('region', { name: 'My open cases' });
  const link = open.getByRole('link', { name: `${mine.reference} · Leaked payroll export ${people.suffix}` });
  await expect(link).toBeVisible();
  const clocks = page.getByRole('region', { name: 'Regulator clocks: next 24 hours' });
  const clock = clocks.getByRole('link', { name: new RegExp(mine.reference) });
  await expect(clock).toBeVisible();
  await expect(clocks.getByTestId('regulator-deadline').first()).toBeVisible();
  await expect(clocks.getByText(secret.reference)).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Evidence you hold' })).toBeVisible();

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/cases/${mine.id}$`));
  await expect(page.getByRole('heading', { name: `Leaked payroll export ${people.suffix}` })).toBeVisible();
});
