// The department head's story, end to end in a real browser: a service is taken offline
// "hoped back within three weeks", its plan has four steps, one goes overdue (at risk), the
// date is re-planned with a reason (slipping, moved once, the first promise still shown), the
// team posts a public and an internal update (only the public one reaches the status page,
// read without signing in), the service comes back with steps still open (the restore asks
// what to do with them), and the service's own page shows the suspension.
import type { APIRequestContext } from '@playwright/test';

import { localInput } from './dates';
import { ADMIN_EMAIL, expect, keepScreenshot, signIn, test } from './fixtures';
import { api, login } from './people';

const PASSWORD = 'story-e2e-password';

interface World {
  serviceId: string;
  serviceName: string;
  publicName: string;
  caseId: string;
  caseReference: string;
  responderEmail: string;
  headEmail: string;
}

async function setUp(request: APIRequestContext, adminPassword: string): Promise<World> {
  const admin = await login(request, ADMIN_EMAIL, adminPassword);
  const suffix = Date.now().toString(36);
  const department = await api<{ id: string }>(request, admin, 'POST', '/departments', {
    name: `Student Services ${suffix}`,
  });
  const serviceName = `Enrolment Gateway ${suffix}`;
  const publicName = `Course enrolment ${suffix}`;
  const service = await api<{ id: string }>(request, admin, 'POST', '/services', {
    name: serviceName,
    department_id: department.id,
    public_name: publicName,
  });
  const responderEmail = `story-responder-${suffix}@example.org`;
  await api(request, admin, 'POST', '/users', {
    email: responderEmail,
    name: 'Rafał Żółkiewski',
    role: 'responder',
    password: PASSWORD,
  });
  const headEmail = `story-head-${suffix}@example.org`;
  await api(request, admin, 'POST', '/users', {
    email: headEmail,
    name: 'Hanna Head',
    role: 'department_head',
    department_id: department.id,
    password: PASSWORD,
  });
  const now = new Date().toISOString();
  const c = await api<{ id: string; reference: string }>(request, admin, 'POST', '/cases', {
    title: 'Suspected compromise of the enrolment gateway',
    category: 'unauthorised_access',
    severity: 'high',
    detected_at: now,
    aware_at: now,
    personal_data_involved: true,
    department_id: department.id,
  });
  return {
    serviceId: service.id,
    serviceName,
    publicName,
    caseId: c.id,
    caseReference: c.reference,
    responderEmail,
    headEmail,
  };
}

test('the department head’s story: promised, at risk, re-planned, told, restored, remembered', async ({
  page,
  browser,
  request,
  adminPassword,
  baseURL,
  consoleGuard,
}, testInfo) => {
  consoleGuard.allow(/status of 409/); // the restore with open milestones, answered with the question on purpose
  test.setTimeout(90_000);
  const w = await setUp(request, adminPassword);

  // The responder takes the service offline, hoped back within three weeks.
  await page.goto(`/cases/${w.caseId}`);
  await signIn(page, PASSWORD, w.responderEmail, 'Rafał Żółkiewski');
  await page.getByRole('tab', { name: 'Suspensions' }).click();
  await page.getByRole('button', { name: 'Suspend a service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Suspend a service' });
  await dialog.getByRole('combobox', { name: 'Service' }).click();
  await page.getByRole('option', { name: w.serviceName }).click();
  await dialog
    .getByRole('textbox', { name: 'Reason' })
    .fill('Suspected credential theft: taken offline as a precaution');
  await dialog.getByRole('textbox', { name: /Decided by/ }).fill('Pro-Vice-Chancellor');
  await dialog.getByLabel('Expected restoration').fill(localInput(21));
  await dialog.getByRole('button', { name: 'Suspend service' }).click();
  await expect(dialog).toBeHidden();
  const panel = page.getByRole('article', { name: w.serviceName });
  await expect(panel.getByText('No plan yet')).toBeVisible();

  // Four steps; the first was due yesterday and is still in progress.
  const steps: [string, number][] = [
    ['Forensic imaging', -1],
    ['Security review', 5],
    ['Supplier fix', 10],
    ['Penetration test', 17],
  ];
  for (const [title, days] of steps) {
    await panel.getByRole('textbox', { name: 'Milestone title' }).fill(title);
    await panel.getByLabel('Due', { exact: true }).fill(localInput(days));
    await panel.getByRole('button', { name: 'Add milestone' }).click();
    await expect(panel.getByRole('combobox', { name: `Status of ${title}` })).toBeVisible();
  }
  await panel.getByRole('combobox', { name: 'Status of Forensic imaging' }).selectOption('in_progress');
  await expect(panel.getByText('At risk')).toBeVisible();
  await expect(panel.getByText('0 of 4 milestones done')).toBeVisible();

  // The head lands on My work, which lists the service; the dashboard says: at risk, promised in three weeks.
  const headContext = await browser.newContext({ baseURL });
  const head = await headContext.newPage();
  await head.goto('/');
  await signIn(head, PASSWORD, w.headEmail, 'Hanna Head');
  await expect(
    head
      .getByRole('region', { name: "Your department's suspended services" })
      .getByRole('link', { name: w.serviceName }),
  ).toBeVisible();
  await head.goto('/restoration');
  const card = head.getByRole('article', { name: w.serviceName });
  await expect(card.getByText('At risk')).toBeVisible();
  await expect(card.getByTestId('promise-line')).toHaveText(/^promised \d{1,2} \w{3}$/);

  // The date is brought forward at the department's request, with its reason: the plan now runs
  // past it, so it is slipping, and the first promise stays on record.
  await panel.getByRole('button', { name: 'Edit details' }).click();
  const edit = page.getByRole('dialog', { name: /Edit the suspension/ });
  await edit.getByLabel('Expected restoration').fill(localInput(14));
  await edit
    .getByLabel(/Why does the expected date move/)
    .fill('Enrolment opens in two weeks: the department needs the service back before then');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(panel.getByText('Slipping')).toBeVisible();
  await expect(panel.getByTestId('promise-line')).toHaveText(/^promised \d{1,2} \w{3}, now \d{1,2} \w{3}, moved 1×$/);

  // The pen test moves too: a step's due date moves with its own reason, and keeps its first date.
  await panel.getByRole('button', { name: 'Move the due date of Penetration test' }).click();
  const move = page.getByRole('dialog', { name: 'Move the due date of Penetration test' });
  await move.getByLabel('Due', { exact: true }).fill(localInput(19));
  await move.getByLabel(/Why does the due date move/).fill('The testers can start only after the supplier fix');
  await move.getByRole('button', { name: 'Move due date' }).click();
  await expect(move).toBeHidden();
  await expect(panel.getByTestId('milestone-first-due')).toHaveCount(1);

  // Why the dates moved, with reasons and names, for whoever reads the case.
  await panel.getByRole('button', { name: 'Why the dates moved' }).click();
  const moves = panel.getByTestId('replan');
  await expect(moves).toHaveCount(2);
  await expect(moves.first()).toContainText('Enrolment opens in two weeks');
  await expect(moves.first()).toContainText('Rafał Żółkiewski');
  await expect(moves.nth(1)).toContainText('Penetration test');
  await keepScreenshot(page, testInfo, 'story-case-panel.png', { fullPage: true });

  // One update for the public, one for staff.
  const publicText = 'Course enrolment is offline as a precaution while we investigate a security incident.';
  const internalText = 'Supplier engineer on site tomorrow; keep the paper enrolment forms ready.';
  for (const [text, audience] of [
    [publicText, 'Public'],
    [internalText, 'Internal'],
  ] as const) {
    await panel.getByRole('button', { name: 'Post update' }).click();
    const post = panel.getByRole('form', { name: 'Post update' });
    await post.getByRole('textbox', { name: /Update/ }).fill(text);
    await post.getByRole('radio', { name: new RegExp(`^${audience}`) }).check();
    await post.getByRole('button', { name: 'Post update' }).click();
    await expect(post).toBeHidden();
    await expect(panel.getByTestId('suspension-update').first()).toContainText(text);
  }

  await head.reload();
  await expect(card.getByText('Slipping')).toBeVisible();
  await expect(card.getByTestId('promise-line')).toContainText('moved 1×');
  await expect(card.getByTestId('latest-update')).toContainText(internalText);

  // The public status page, without signing in: the public update only, and nothing internal.
  // Its answer may be up to 30 s old (one database read per replica per 30 s), so wait for it.
  const publicContext = await browser.newContext({ baseURL });
  const status = await publicContext.newPage();
  await expect(async () => {
    await status.goto('/status');
    await expect(status.getByRole('article', { name: w.publicName })).toContainText(publicText, { timeout: 1_000 });
  }).toPass({ timeout: 45_000, intervals: [2_000] });
  const row = status.getByRole('article', { name: w.publicName });
  await expect(row).toContainText(/originally expected/i);
  const statusText = await status.locator('body').innerText();
  for (const secret of [
    internalText,
    w.serviceName,
    w.caseReference,
    'Rafał',
    'Hanna',
    'Student Services',
    'credential theft',
  ]) {
    expect(statusText, `the status page shows "${secret}"`).not.toContain(secret);
  }
  await publicContext.close();

  // The service comes back with three steps open: the restore asks, and they are cancelled.
  await panel.getByRole('button', { name: 'Restore service' }).click();
  const restore = page.getByRole('dialog');
  await restore.getByRole('textbox', { name: /Note/ }).fill('Credentials rotated, penetration test waived by the CISO');
  await restore.getByRole('button', { name: 'Restore service' }).click();
  await expect(restore.getByText('4 milestones are still open')).toBeVisible();
  await restore.getByRole('radio', { name: /Cancel them/ }).check();
  await restore.getByRole('button', { name: 'Restore service' }).click();
  await expect(restore).toBeHidden();
  await expect(panel.getByText('Restored', { exact: true }).first()).toBeVisible();

  // The service's page, reached from its name on the dashboard, remembers the suspension:
  // the first promise against the restoration, and the downtime.
  await head.reload();
  const restored = head
    .getByRole('region', { name: /Restored in the last 30 days/ })
    .getByRole('article', { name: w.serviceName });
  await restored.getByRole('link', { name: w.serviceName }).click();
  await expect(head).toHaveURL(new RegExp(`/services/${w.serviceId}$`));
  await expect(head.getByRole('heading', { level: 1 })).toContainText(w.serviceName);
  const history = head.getByRole('list', { name: 'Suspensions' }).getByRole('listitem');
  await expect(history).toHaveCount(1);
  await expect(history.first()).toContainText(w.caseReference);
  await expect(history.first()).toContainText('Promised');
  await expect(history.first()).toContainText('Restored');
  await expect(head.getByRole('region', { name: 'Availability' })).toBeVisible();
  await keepScreenshot(head, testInfo, 'story-service-page.png', { fullPage: true, chosen: true });
  await headContext.close();
});
