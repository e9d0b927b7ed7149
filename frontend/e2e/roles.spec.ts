// What each role finds in the navigation (the admin's: admin.spec.ts), and that an auditor is offered
// nothing that changes data.
import { expect, keepScreenshot, test } from './fixtures';
import { goTo, navLinks, signInAs } from './people';

test('a responder sees the overview, the cases, the alerts, the observables, the figures and the services', async ({
  page,
  people,
}) => {
  await signInAs(page, people.responder);
  expect(await navLinks(page)).toEqual([
    'Overview',
    'Restoration',
    'Cases',
    'Alerts',
    'Observables',
    'Figures',
    'Services',
  ]);

  // A screen the role may not use says so, rather than failing.
  await page.goto('/audit');
  await expect(page.getByText('Not available for your role', { exact: true })).toBeVisible();
});

test('a department head sees the overview, the cases and the figures only', async ({ page, people }) => {
  await signInAs(page, people.head);
  expect(await navLinks(page)).toEqual(['Overview', 'Restoration', 'Cases', 'Figures']);

  await page.goto('/admin/users');
  await expect(page.getByText('Not available for your role', { exact: true })).toBeVisible();
});

test('an auditor sees the audit log, and no control that changes anything', async ({ page, people }, testInfo) => {
  await signInAs(page, people.auditor);
  expect(await navLinks(page)).toEqual([
    'Overview',
    'Restoration',
    'Cases',
    'Alerts',
    'Observables',
    'Figures',
    'Audit',
    'Exports',
  ]);

  // The cases list: readable, no "New case".
  await goTo(page, 'Cases');
  await expect(page.getByRole('button', { name: 'New case' })).toHaveCount(0);
  // Other tests add hundreds of cases: the auditor finds this one by its reference.
  await page.getByRole('textbox', { name: 'Search cases' }).fill(people.sampleCase.reference);
  // Wait for the search's answer: a click on the link in the list before it would be lost as the list changes.
  await expect(page).toHaveURL(/q=INC/);
  await expect(page.getByTestId('case-row')).toHaveCount(1);
  await expect(page.getByRole('link', { name: people.sampleCase.reference, exact: true })).toBeVisible();

  // A case page: details, regulator and timeline, without edit, status or note controls.
  await page.getByRole('link', { name: people.sampleCase.reference, exact: true }).click();
  await expect(page.getByRole('heading', { name: people.sampleCase.title })).toBeVisible();
  await expect(page.getByTestId('timeline-item').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit details' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Change status' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Record notification/ })).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Add a note' })).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'auditor-case-page.png', { fullPage: true });

  // The audit screen: filters, rows and verification only.
  await goTo(page, 'Audit');
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  const buttons = (await page.getByRole('main').getByRole('button').allTextContents())
    .map((t) => t.trim())
    .filter(Boolean);
  expect(buttons.filter((b) => /new|edit|create|delete|save|rename|reset/i.test(b))).toEqual([]);
  expect(buttons).toContain('Verify chain');
});
