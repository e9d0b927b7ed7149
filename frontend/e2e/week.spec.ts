// A responder's week, end to end in a real browser (issue 21): a case opened from the built-in
// playbook, its tasks worked and one completed, a chronology entry backdated to when the attack
// began, a second report of the same incident retired as its duplicate, the case closed with a
// post-incident review (the open tasks cancelled by the closing), and both cases in the figures of
// the department head whose department it was.
import { expectAccessible } from './axe';
import { localInput } from './dates';
import { expect, test } from './fixtures';
import { api, assigneeOption, goTo, PASSWORD, type Person, signInAs } from './people';

const PLAYBOOK = 'Precautionary suspension of a service';

test('a responder’s week: from the playbook to the review and the figures', async ({
  page,
  request,
  people,
  consoleGuard,
}, testInfo) => {
  test.setTimeout(120_000);
  consoleGuard.allow(/status of 409/); // the first closing, refused while tasks are open
  const s = people.suffix;
  const token = people.adminToken;
  // A department and a head of their own, so that the figures count only this week's cases.
  const unit = await api<{ id: string; name: string }>(request, token, 'POST', '/departments', {
    name: `Registry Office ${s}`,
  });
  const head: Person = { email: `week-head-${s}@example.org`, name: 'Wanda Weekly', password: PASSWORD };
  await api(request, token, 'POST', '/users', { ...head, role: 'department_head', department_id: unit.id });

  // Monday: the case, from the playbook.
  await signInAs(page, people.responder);
  await page.goto('/cases');
  await page.getByRole('button', { name: 'New case' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await dialog.getByRole('combobox', { name: 'Playbook' }).click();
  await page.getByRole('option', { name: PLAYBOOK }).click();
  await expect(dialog.getByRole('alert', { name: /^Adds 8 tasks/ })).toContainText('Take forensic images');
  const title = `Registry records encrypted ${s}`;
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByRole('combobox', { name: 'Department' }).click();
  await page.getByRole('option', { name: unit.name }).click();
  await dialog.getByRole('button', { name: 'Open case' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(`${PLAYBOOK} (version 1)`)).toBeVisible();
  const caseId = new URL(page.url()).pathname.split('/').pop() ?? '';
  const kase = await api<{ reference: string }>(request, token, 'GET', `/cases/${caseId}`);

  // Tuesday: the tasks. One is assigned and done; the others stay open.
  await page.getByRole('tab', { name: 'Tasks' }).click();
  const tasks = page.getByRole('tabpanel', { name: 'Tasks' });
  const imaging = tasks.getByRole('article', { name: 'Take forensic images' });
  await expect(imaging).toBeVisible();
  await imaging.getByRole('button', { name: /^Edit/ }).click();
  const edit = page.getByRole('dialog', { name: /Take forensic images/ });
  await edit.getByRole('combobox', { name: 'Assignee' }).click();
  await page.getByRole('option', { name: assigneeOption(people.responder) }).click();
  await edit.getByRole('button', { name: /^Save/ }).click();
  await expect(edit).toHaveCount(0);
  await imaging.getByRole('combobox', { name: 'Status of Take forensic images' }).click();
  await page.getByRole('option', { name: 'Done' }).click();
  await expect(imaging.getByRole('combobox', { name: 'Status of Take forensic images' })).toHaveValue('Done');
  await expect(tasks.getByText('7 open of 8')).toBeVisible();

  // Wednesday: the chronology learns the attack began three days before anyone saw it.
  await page.getByRole('tab', { name: 'Chronology' }).click();
  await page.getByRole('button', { name: 'Add the first entry' }).click();
  const entry = page.getByRole('dialog', { name: 'Add to the chronology' });
  await entry.getByLabel('When it happened').fill(localInput(-3));
  await entry.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Detection' }).click();
  await entry.getByRole('textbox', { name: 'What happened' }).fill(`First login from the attacker ${s}`);
  await entry.getByRole('button', { name: 'Add entry' }).click();
  await expect(entry).toBeHidden();
  const story = page.getByTestId('chronology-entry');
  await expect(story.first()).toContainText(`First login from the attacker ${s}`);
  await expect(story.first()).toContainText(/recorded \d+ days? later/);

  // Thursday: the service desk reported the same incident again; it is retired as a duplicate.
  const again = await api<{ id: string; reference: string }>(request, token, 'POST', '/cases', {
    title: `Registry cannot open files ${s}`,
    category: 'malware',
    severity: 'medium',
    department_id: unit.id,
    detected_at: new Date().toISOString(),
    aware_at: new Date().toISOString(),
    personal_data_involved: false,
  });
  await page.goto(`/cases/${again.id}`);
  await page.getByRole('button', { name: 'More actions on this case' }).click();
  await page.getByRole('menuitem', { name: 'Mark as duplicate of…' }).click();
  const duplicate = page.getByRole('dialog', { name: `Mark ${again.reference} as a duplicate` });
  await duplicate.getByRole('combobox', { name: 'Original case' }).fill(kase.reference);
  await page.getByRole('option', { name: `${kase.reference} · ${title}` }).click();
  await duplicate.getByRole('button', { name: 'Mark as duplicate and close' }).click();
  await expect(duplicate).toBeHidden();
  await expect(page.getByTestId('duplicate-of')).toHaveText(`Duplicate of ${kase.reference}`);

  // Friday: the breach ruled out, the case contained and recovering, the review written and
  // completed, the case closed.
  const current = await api<{ version: number }>(request, token, 'GET', `/cases/${caseId}`);
  const ruledOut = await request.patch(`/api/v1/cases/${caseId}`, {
    headers: { Authorization: `Bearer ${token}`, 'If-Match': `"${current.version}"` },
    data: { breach_status: 'ruled_out' },
  });
  expect(ruledOut.ok(), await ruledOut.text()).toBe(true);
  for (const to of ['triage', 'investigating', 'contained', 'recovering']) {
    await api(request, token, 'POST', `/cases/${caseId}/transitions`, { to });
  }
  await page.goto(`/cases/${caseId}?tab=review`);
  const review = page.getByRole('tabpanel', { name: 'Review' });
  const form = review.getByRole('form', { name: 'Write the review' });
  await form.getByLabel('What happened').fill(`Ransomware reached the registry file share ${s}`);
  await form.getByLabel('What went well').fill('The share was taken offline within the hour.');
  await form.getByLabel('What to improve').fill('Offline backups of the registry every night.');
  await form.getByRole('button', { name: 'Save the review' }).click();
  await expect(review.getByRole('button', { name: 'Mark complete' })).toBeVisible();
  await review.getByRole('button', { name: 'Mark complete' }).click();
  await expect(review.getByText('Review complete')).toBeVisible();

  await page.getByRole('button', { name: 'Change status' }).click();
  await page.getByRole('menuitem', { name: 'Close the case' }).click();
  const closing = page.getByRole('dialog', { name: `Close ${kase.reference}` });
  await closing.getByRole('checkbox', { name: 'Cancel the 7 open tasks' }).check();
  await closing.getByRole('button', { name: 'Close the case' }).click();
  await expect(closing).toHaveCount(0);
  await expect(page.getByTestId('case-status')).toHaveText('Closed');
  const links = page.getByRole('region', { name: 'Linked cases' }).getByTestId('case-link');
  await expect(links).toHaveCount(1);
  await expect(links.first()).toContainText('Has duplicate');
  await expect(page.getByTestId('phases-card')).not.toContainText('Still open');
  await expectAccessible(page, testInfo, { label: 'the closed case' });

  // The next Monday: the department head finds both cases, opened and closed, in the figures.
  await page.getByRole('button', { name: /^Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await signInAs(page, head);
  await goTo(page, 'Figures');
  const months = page.getByTestId('figures-months');
  const month = new Date().toLocaleString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const row = months.getByRole('row').filter({ hasText: month });
  await expect(row.getByRole('cell').nth(1)).toHaveText('2');
  await expect(row.getByRole('cell').nth(2)).toHaveText('2');
});
