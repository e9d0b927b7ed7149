// A case from opening to investigation in the browser, and need-to-know: who may not find it.
import type { Page } from '@playwright/test';

import { expect, keepScreenshot, test } from './fixtures';
import { api, assigneeOption, EXPECTED_404, goTo, login, signInAs } from './people';

async function openCase(
  page: Page,
  title: string,
  options: { department?: string; personalData?: boolean; restricted?: boolean },
) {
  await goTo(page, 'Cases');
  await page.getByRole('button', { name: 'New case' }).click();
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByLabel('Summary').fill('Several accounts signed in from unusual places overnight.');
  await dialog.getByRole('combobox', { name: 'Category' }).click();
  await page.getByRole('option', { name: 'Unauthorised access' }).click();
  if (options.department) {
    await dialog.getByRole('combobox', { name: 'Department' }).click();
    await page.getByRole('option', { name: options.department }).click();
  }
  if (options.personalData) await dialog.getByLabel('Personal data involved').check();
  if (options.restricted) await dialog.getByLabel('Restricted').check();
  await dialog.getByRole('button', { name: 'Open case' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  return { url: page.url(), reference: (await page.getByTestId('case-reference').textContent()) ?? '' };
}

async function move(page: Page, to: string) {
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.getByRole('menuitem', { name: to }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Note' }).fill(`Moving to ${to.toLowerCase()}.`);
  await dialog.getByRole('button', { name: `Move to ${to.toLowerCase()}` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('case-status')).toHaveText(to);
}

test('a responder runs a personal-data case; a department head of another department cannot find it', async ({
  page,
  browser,
  people,
}, testInfo) => {
  const title = `Suspicious logins on the payroll portal ${people.suffix}`;
  await signInAs(page, people.responder);
  const opened = await openCase(page, title, { department: people.home.name, personalData: true });

  // The 72-hour clock started when we became aware (now): just under three days left.
  const deadline = page.getByTestId('regulator-deadline').first(); // the header's
  await expect(deadline).toHaveText(/due in 2 d 23 h|due in 3 d/);
  await expect(page.getByTestId('closing-blockers')).toContainText('personal data is involved');

  // A note, then two moves: the timeline shows all of it, newest first.
  const composer = page.getByRole('form', { name: 'Add a note' });
  await composer.getByRole('textbox', { name: 'Note' }).fill('Forced a password reset for the affected accounts.');
  await composer.getByRole('button', { name: 'Add update' }).click();
  await expect(page.getByTestId('note-body').first()).toHaveText('Forced a password reset for the affected accounts.');
  await move(page, 'Triage');
  await move(page, 'Investigating');
  // Told in sentences, by name, under a day heading; never an action name or an id.
  const timeline = page.getByTestId('timeline-item');
  const who = people.responder.name;
  await expect(timeline.nth(0)).toContainText(
    `${who} moved the case from Triage to Investigating: Moving to investigating.`,
  );
  await expect(timeline.nth(1)).toContainText(`${who} moved the case from Reported to Triage: Moving to triage.`);
  await expect(timeline.nth(2)).toContainText(`${who} added an update note`);
  await expect(timeline.nth(2)).toContainText('Forced a password reset');
  await expect(timeline.last()).toContainText(
    `${who} opened the case ‘${title}’ (Medium severity, Unauthorised access)`,
  );
  await expect(page.getByTestId('timeline-day').first()).toHaveText(/today/i);
  const activity = page.getByRole('tabpanel', { name: 'Activity' });
  await expect(activity).not.toContainText('case.transition');
  await expect(activity).not.toContainText(people.responder.email);
  await expect(activity).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  await keepScreenshot(page, testInfo, 'case-page.png', { fullPage: true, chosen: true });
  // The audit record behind a sentence is one click away.
  await timeline.nth(0).getByRole('button', { name: 'Show the audit record' }).click();
  const record = timeline.nth(0).getByTestId('audit-record');
  await expect(record).toContainText('case.transition');
  await expect(record.getByTestId('change-list')).toContainText('Investigating'.toLowerCase());
  await keepScreenshot(page, testInfo, 'case-timeline-record.png', { fullPage: true });

  // On the list, with its countdown.
  await goTo(page, 'Cases');
  const row = page.getByTestId('case-row').filter({ hasText: opened.reference });
  await expect(row).toContainText('Investigating');
  await expect(row.getByTestId('regulator-deadline')).toHaveText(/due in/);
  await keepScreenshot(page, testInfo, 'cases-list.png', { fullPage: true, chosen: true });

  // The head of another department: not in the list, and its address is "not found".
  const context = await browser.newContext();
  const other = await context.newPage();
  const problems: string[] = [];
  other.on('console', (m) => {
    if (m.type() === 'error' && !EXPECTED_404.test(m.text())) problems.push(m.text());
  });
  other.on('pageerror', (e) => problems.push(e.message));
  await signInAs(other, people.head);
  await goTo(other, 'Cases');
  await expect(other.getByRole('heading', { name: 'Cases' })).toBeVisible();
  await expect(other.getByText(/No cases yet|— that is all/).first()).toBeVisible();
  await expect(other.getByText(opened.reference)).toHaveCount(0);
  await other.goto(opened.url);
  await expect(other.getByText('Case not found')).toBeVisible();
  await keepScreenshot(other, testInfo, 'head-not-found.png');
  await context.close();
  expect(problems, 'console errors for the department head').toEqual([]);
});

test('a restricted case is invisible to a responder who is not a member', async ({
  page,
  request,
  people,
  consoleGuard,
}) => {
  consoleGuard.allow(EXPECTED_404); // the browser notes the deliberate 404 of the restricted case
  // Opened by the first responder (through the API: the form is covered above), restricted from the start.
  const token = await login(request, people.responder.email, people.responder.password);
  const now = new Date().toISOString();
  const restricted = await api<{ id: string; reference: string }>(request, token, 'POST', '/cases', {
    title: `Insider access to payroll records ${people.suffix}`,
    category: 'unauthorised_access',
    severity: 'high',
    department_id: people.home.id,
    detected_at: now,
    aware_at: now,
    personal_data_involved: false,
    restricted: true,
  });

  // The second responder: not in the list, not found by its reference, and its address is "not found".
  await signInAs(page, people.responder2);
  await goTo(page, 'Cases');
  await expect(page.getByRole('link', { name: people.sampleCase.reference, exact: true })).toBeVisible();
  await expect(page.getByText(restricted.reference)).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Search cases' }).fill(restricted.reference);
  await expect(page).toHaveURL(/q=INC/);
  await expect(page.getByText('No cases match these filters')).toBeVisible();
  await page.goto(`/cases/${restricted.id}`);
  await expect(page.getByText('Case not found')).toBeVisible();
});

test('a responder shares a restricted case with a colleague, who can then open it', async ({
  page,
  browser,
  baseURL,
  request,
  people,
}) => {
  const token = await login(request, people.responder.email, people.responder.password);
  const now = new Date().toISOString();
  const restricted = await api<{ id: string }>(request, token, 'POST', '/cases', {
    title: `Contractor laptop with patient letters ${people.suffix}`,
    category: 'data_leak',
    severity: 'medium',
    detected_at: now,
    aware_at: now,
    personal_data_involved: true,
    restricted: true,
  });

  await signInAs(page, people.responder);
  await page.goto(`/cases/${restricted.id}`);
  await page.getByRole('button', { name: 'Edit details' }).click();
  const form = page.getByRole('form', { name: 'Case details' });
  await form.getByRole('combobox', { name: 'Members' }).click();
  await page.getByRole('option', { name: assigneeOption(people.responder2) }).click();
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Restricted to administrators, auditors, the owner and 1 member')).toBeVisible();
  // Named, not by id: in the details, in the timeline's sentence and in its audit record.
  await expect(page.getByText(people.responder2.name, { exact: true })).toHaveCount(1);
  const shared = page.getByTestId('timeline-item').first();
  await expect(shared).toContainText(`${people.responder.name} added ${people.responder2.name} to the team`);
  await shared.getByRole('button', { name: 'Show the audit record' }).click();
  await expect(shared.getByTestId('change-list').filter({ hasText: 'Members' })).toContainText(people.responder2.name);

  const colleague = await (await browser.newContext({ baseURL })).newPage();
  await signInAs(colleague, people.responder2);
  await colleague.goto(`/cases/${restricted.id}`);
  await expect(
    colleague.getByRole('heading', { name: `Contractor laptop with patient letters ${people.suffix}` }),
  ).toBeVisible();
  await colleague.context().close();
});
