// Playbooks in a real browser against the real server: an administrator edits a playbook (adds a task,
// moves it up, saves version 2); a responder opens a case from it in "New case", sees what it will
// add, and finds its tasks on the case with their due dates counted from Aware at; suspending a
// service there offers the playbook's plan. Axe-clean.
import { expectAccessible } from './axe';
import { ADMIN_EMAIL, expect, test } from './fixtures';
import { api, signInAs } from './people';

test('an admin edits a playbook and a responder opens a case from it', async ({
  page,
  request,
  people,
  adminPassword,
}, testInfo) => {
  test.setTimeout(60_000); // two people, four axe checks
  const s = people.suffix;
  const name = `Credential stuffing ${s}`;
  const pb = await api<{ id: string }>(request, people.adminToken, 'POST', '/playbooks', {
    name,
    description: 'Accounts taken over with leaked passwords',
    category: 'unauthorised_access',
    severity: 'high',
    tasks: [
      { title: `Reset passwords ${s}`, group: 'Containment', due_offset_hours: 4, checklist: ['Affected accounts'] },
      { title: `Notify users ${s}`, group: 'Communication', due_offset_hours: 24 },
    ],
    milestones: [{ title: `Access review ${s}`, due_offset_hours: 48 }],
  });
  const serviceName = `Customer portal ${s}`;
  await api(request, people.adminToken, 'POST', '/services', { name: serviceName, department_id: people.home.id });

  // The administrator edits it: a third task, moved up to second place.
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user-name')).toBeVisible();
  await page.goto('/admin/playbooks');
  const table = page.getByRole('table', { name: 'Playbooks' });
  await expect(table.getByText(name)).toBeVisible();
  await expect(table.getByText('Precautionary suspension of a service')).toBeVisible();
  await expectAccessible(page, testInfo, { label: 'Playbooks' });

  await page.getByRole('button', { name: `Edit ${name}` }).click();
  const editor = page.getByRole('dialog', { name: `Edit ${name}` });
  await editor.getByRole('button', { name: 'Add task' }).click();
  const third = editor.getByRole('region', { name: 'Task 3' });
  await third.getByLabel('Title').fill(`Review MFA ${s}`);
  await third.getByLabel('Group').fill('Recovery');
  await third.getByRole('textbox', { name: 'Due after start', exact: true }).fill('2');
  await third.getByRole('combobox', { name: 'Due after start unit' }).click();
  await page.getByRole('option', { name: 'days' }).click();
  await third.getByRole('button', { name: 'Move task 3 up' }).click();
  await expect(editor.getByRole('region', { name: 'Task 2' }).getByLabel('Title')).toHaveValue(`Review MFA ${s}`);
  await expectAccessible(page, testInfo, { label: 'Playbook editor' });
  await editor.getByRole('button', { name: 'Save as version 2' }).click();
  await expect(editor).toHaveCount(0);
  await expect(table.getByRole('row', { name: new RegExp(name) })).toContainText('3 tasks in 3 groups');

  // A responder opens a case from it.
  await page.getByRole('button', { name: 'Account menu for Administrator' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await signInAs(page, people.responder);
  await page.goto('/cases');
  await page.getByRole('button', { name: 'New case' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await dialog.getByRole('combobox', { name: 'Playbook' }).click();
  await page.getByRole('option', { name }).click();
  await expect(dialog.getByRole('combobox', { name: 'Category' })).toHaveValue('Unauthorised access');
  await expect(dialog.getByRole('combobox', { name: 'Severity' })).toHaveValue('High');
  const adds = dialog.getByRole('alert', { name: 'Adds 3 tasks in 3 groups' });
  await expect(adds).toContainText(`Review MFA ${s}`);
  await expect(adds).toContainText(/due \d{1,2} \w{3}/);
  await expectAccessible(page, testInfo, { label: 'New case from a playbook' });
  const title = `Accounts taken over ${s}`;
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByRole('button', { name: 'Open case' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByText(`${name} (version 2)`)).toBeVisible();

  const caseId = new URL(page.url()).pathname.split('/').pop() ?? '';
  await page.goto(`/cases/${caseId}?tab=tasks`);
  const tab = page.getByRole('tabpanel', { name: 'Tasks' });
  const mfa = tab.getByRole('article', { name: `Review MFA ${s}` });
  await expect(tab.getByRole('region', { name: 'Recovery' })).toContainText(`Review MFA ${s}`);
  await expect(tab.getByRole('region', { name: 'Containment' })).toContainText(`Reset passwords ${s}`);
  await expect(mfa).toContainText(/due \d{1,2} \w{3}/);
  await expectAccessible(page, testInfo, { label: 'Tasks from a playbook' });

  // Suspending a service on it offers the playbook's plan, ticked.
  await page.getByRole('tab', { name: 'Suspensions' }).click();
  await page.getByRole('button', { name: 'Suspend a service' }).click();
  const suspend = page.getByRole('dialog', { name: 'Suspend a service' });
  await suspend.getByRole('combobox', { name: 'Service' }).click();
  await page.getByRole('option', { name: serviceName }).click();
  await suspend.getByRole('textbox', { name: 'Reason' }).fill('Accounts taken over');
  await suspend.getByRole('textbox', { name: /Decided by/ }).fill('CISO');
  await expect(suspend.getByRole('checkbox', { name: new RegExp(`suspension plan of ${name}`) })).toBeChecked();
  await suspend.getByRole('button', { name: 'Suspend service' }).click();
  await expect(suspend).toHaveCount(0);
  await expect(page.getByText('0 of 1 milestone done').first()).toBeVisible();
  await expect(page.getByRole('tabpanel', { name: 'Suspensions' })).toContainText(`Access review ${s}`);

  // Each is due its offset after the case's Aware at.
  const c = await api<{ aware_at: string; playbook: { id: string; version: number } }>(
    request,
    people.adminToken,
    'GET',
    `/cases/${caseId}`,
  );
  expect(c.playbook).toEqual(expect.objectContaining({ id: pb.id, version: 2 }));
  const tasks = await api<{ items: { title: string; due_at: string }[] }>(
    request,
    people.adminToken,
    'GET',
    `/cases/${caseId}/tasks`,
  );
  const due = (t: string) => Date.parse(tasks.items.find((x) => x.title === t)?.due_at ?? '');
  const aware = Date.parse(c.aware_at);
  expect(due(`Review MFA ${s}`) - aware).toBe(48 * 3_600_000);
  expect(due(`Reset passwords ${s}`) - aware).toBe(4 * 3_600_000);
});
