// The post-incident review, in a real browser against the real server: a responder writes the review
// of a recovering case, adds a follow-up action (which becomes a task in "Follow-up"), and marks the
// review complete, after which it is read-only. The Review tab passes axe, in the form and read-only.
import { expectAccessible } from './axe';
import { expect, test } from './fixtures';
import { api, assigneeOption, login, PASSWORD, signInAs } from './people';

/** A datetime-local value `days` from now (the input reads it in the reader's zone). */
const localIn = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

test('a responder writes the review of a recovering case, adds a follow-up and completes it', async ({
  page,
  request,
  people,
}, testInfo) => {
  const s = people.suffix;
  const token = await login(request, people.responder.email, PASSWORD);
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const c = await api<{ id: string }>(request, token, 'POST', '/cases', {
    title: `Reviewed phishing ${s}`,
    category: 'unauthorised_access',
    severity: 'medium',
    breach_status: 'ruled_out',
    detected_at: hoursAgo(30),
    aware_at: hoursAgo(29),
    personal_data_involved: false,
  });
  for (const to of ['triage', 'investigating', 'contained', 'recovering']) {
    await api(request, token, 'POST', `/cases/${c.id}/transitions`, { to });
  }

  await signInAs(page, people.responder);
  await page.goto(`/cases/${c.id}?tab=review`);
  const tab = page.getByRole('tabpanel', { name: 'Review' });
  await expect(tab.getByRole('region', { name: 'Phase durations' })).toContainText('Time to containment');
  const form = tab.getByRole('form', { name: 'Write the review' });
  await form.getByLabel('What happened').fill(`A phishing mail took a payroll password ${s}`);
  await form.getByLabel('What went well').fill('The payroll team noticed within the hour.');
  await form.getByLabel('What to improve').fill('Multi-factor sign-in everywhere.');
  await form.getByRole('button', { name: 'Add a follow-up action' }).click();
  await form.getByRole('textbox', { name: 'Title' }).fill(`Roll out MFA ${s}`);
  await form.getByRole('combobox', { name: 'Assignee' }).click();
  await page.getByRole('option', { name: assigneeOption(people.responder) }).click();
  await form.getByLabel('Due').fill(localIn(30));
  await expectAccessible(page, testInfo, { label: 'Review tab, the form' });
  await form.getByRole('button', { name: 'Save the review' }).click();

  const followUps = tab.getByRole('list', { name: 'Follow-up actions' });
  await expect(followUps.getByRole('listitem', { name: `Roll out MFA ${s}` })).toBeVisible();
  await expect(form.getByRole('textbox', { name: 'Title' })).toHaveCount(0);

  await tab.getByRole('button', { name: 'Mark complete' }).click();
  await expect(tab.getByText('Review complete')).toBeVisible();
  await expect(tab.getByText(`A phishing mail took a payroll password ${s}`)).toBeVisible();
  await expect(tab.getByRole('form', { name: 'Write the review' })).toHaveCount(0);
  await expect(tab.getByRole('button', { name: 'Reopen the review' })).toBeVisible();
  await expectAccessible(page, testInfo, { label: 'Review tab, complete' });

  // The follow-up is a task of the case, in its own group.
  await page.getByRole('tab', { name: 'Tasks' }).click();
  await expect(page.getByRole('region', { name: 'Follow-up' })).toContainText(`Roll out MFA ${s}`);
});
