// Suspensions and the restoration dashboard, in a real browser against a real server: a responder
// takes a service offline with a three-step plan, the head of the service's department follows it
// on the dashboard (their landing page), and the service comes back.
//
// Needs the routes: /restoration (RestorationDashboardPage, and / redirects department heads
// there) and /cases/:id with a "Suspensions" tab rendering SuspensionsTab.
import type { APIRequestContext } from '@playwright/test';

import { localInput } from './dates';
import { ADMIN_EMAIL, expect, keepScreenshot, signIn, test } from './fixtures';
import { api, login } from './people';

const PASSWORD = 'restoration-e2e-password';

interface World {
  serviceId: string;
  serviceName: string;
  departmentName: string;
  caseId: string;
  caseReference: string;
  responderEmail: string;
  headEmail: string;
}

async function setUp(request: APIRequestContext, adminPassword: string): Promise<World> {
  const admin = await login(request, ADMIN_EMAIL, adminPassword);
  const suffix = Date.now().toString(36);
  const departmentName = `Clinical Systems ${suffix}`;
  const department = await api<{ id: string }>(request, admin, 'POST', '/departments', { name: departmentName });
  const serviceName = `Revalidation Toolkit ${suffix}`;
  const service = await api<{ id: string }>(request, admin, 'POST', '/services', {
    name: serviceName,
    department_id: department.id,
  });
  const responderEmail = `responder-${suffix}@example.org`;
  await api(request, admin, 'POST', '/users', {
    email: responderEmail,
    name: 'Rita Responder',
    role: 'responder',
    password: PASSWORD,
  });
  const headEmail = `head-${suffix}@example.org`;
  await api(request, admin, 'POST', '/users', {
    email: headEmail,
    name: 'Harriet Head',
    role: 'department_head',
    department_id: department.id,
    password: PASSWORD,
  });
  const now = new Date().toISOString();
  const c = await api<{ id: string; reference: string }>(request, admin, 'POST', '/cases', {
    title: 'Suspected breach of the revalidation toolkit',
    category: 'unauthorised_access',
    severity: 'high',
    detected_at: now,
    aware_at: now,
    personal_data_involved: false,
  });
  return {
    serviceId: service.id,
    serviceName,
    departmentName,
    caseId: c.id,
    caseReference: c.reference,
    responderEmail,
    headEmail,
  };
}

test('a suspension followed from the case page to the department head’s dashboard and back', async ({
  page,
  browser,
  request,
  adminPassword,
  baseURL,
  consoleGuard,
}, testInfo) => {
  consoleGuard.allow(/status of 422/); // the re-plan saved without a reason, refused on purpose
  consoleGuard.allow(/status of 409/); // the restore with open milestones, answered with the question on purpose

  test.setTimeout(60_000);
  const w = await setUp(request, adminPassword);

  // The responder suspends the service from the case page.
  await page.goto(`/cases/${w.caseId}`);
  await signIn(page, PASSWORD, w.responderEmail, 'Rita Responder');
  await expect(page).toHaveURL(new RegExp(`/cases/${w.caseId}$`));
  await page.getByRole('tab', { name: 'Suspensions' }).click();
  await page.getByRole('button', { name: 'Suspend a service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Suspend a service' });
  await dialog.getByRole('combobox', { name: 'Service' }).click();
  await page.getByRole('option', { name: w.serviceName }).click();
  await dialog
    .getByRole('textbox', { name: 'Reason' })
    .fill('Suspected credential theft: taken offline as a precaution');
  await dialog.getByRole('textbox', { name: /Decided by/ }).fill('Ministerial decision');
  await dialog.getByLabel('Expected restoration').fill(localInput(21));
  await dialog.getByRole('button', { name: 'Suspend service' }).click();
  await expect(dialog).toBeHidden();

  const panel = page.getByRole('article', { name: w.serviceName });
  await expect(panel.getByText('Suspended', { exact: true })).toBeVisible();
  // A date but no steps yet is no plan, never "on track".
  await expect(panel.getByText('No plan yet')).toBeVisible();
  await expect(panel.getByText('On track')).toHaveCount(0);
  await expect(panel.getByTestId('promise-line')).toHaveText(/^promised \d{1,2} \w{3}$/);

  // A three-step plan.
  const steps: [string, number][] = [
    ['Security review', 5],
    ['Supplier fix', 12],
    ['Penetration test', 19],
  ];
  for (const [title, days] of steps) {
    await panel.getByRole('textbox', { name: 'Milestone title' }).fill(title);
    await panel.getByLabel('Due', { exact: true }).fill(localInput(days));
    await panel.getByRole('button', { name: 'Add milestone' }).click();
    await expect(panel.getByRole('combobox', { name: `Status of ${title}` })).toBeVisible();
  }
  await expect(panel.getByText('0 of 3 milestones done')).toBeVisible();
  await expect(panel.getByTestId('milestone-timeline')).toBeVisible();
  await expect(panel.getByText('On track')).toBeVisible();

  // The supplier warns of a delay: moving the expected date is a re-plan, and it needs a reason.
  await panel.getByRole('button', { name: 'Edit details' }).click();
  const edit = page.getByRole('dialog', { name: /Edit the suspension/ });
  await edit.getByLabel('Expected restoration').fill(localInput(35));
  await edit.getByRole('button', { name: 'Save changes' }).click();
  const why = edit.getByLabel(/Why does the expected date move/);
  await expect(why).toHaveAttribute('aria-invalid', 'true'); // the server asked for the reason
  await why.fill('Supplier patch delayed by two weeks');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(panel.getByTestId('promise-line')).toHaveText(/^promised \d{1,2} \w{3}, now \d{1,2} \w{3}, moved 1×$/);

  // The responder tells staff where things stand; the service has no public name, so Public is off.
  await panel.getByRole('button', { name: 'Post update' }).click();
  const post = panel.getByRole('form', { name: 'Post update' });
  await expect(post.getByRole('radio', { name: 'Public' })).toBeDisabled();
  await post.getByRole('textbox', { name: /Update/ }).fill('Supplier patch due next week; pen test booked after it.');
  await post.getByRole('button', { name: 'Post update' }).click();
  await expect(post).toBeHidden();
  const posted = panel.getByTestId('suspension-update').first();
  await expect(posted).toContainText('Supplier patch due next week');
  await expect(posted).toContainText('Internal');
  await expect(posted).toContainText('Rita Responder');

  // The head of the service's department lands on My work, which lists the service; the dashboard shows its card.
  const headContext = await browser.newContext({ baseURL });
  const head = await headContext.newPage();
  const headErrors: string[] = [];
  head.on('console', (msg) => msg.type() === 'error' && headErrors.push(msg.text()));
  head.on('pageerror', (err) => headErrors.push(err.message));
  await head.goto('/');
  await signIn(head, PASSWORD, w.headEmail, 'Harriet Head');
  await expect(
    head
      .getByRole('region', { name: "Your department's suspended services" })
      .getByRole('link', { name: w.serviceName }),
  ).toBeVisible();
  await head.goto('/restoration');
  const card = head.getByRole('article', { name: w.serviceName });
  await expect(card).toBeVisible();
  await expect(card.getByText(w.departmentName)).toBeVisible();
  await expect(card.getByRole('link', { name: w.caseReference })).toHaveAttribute('href', `/cases/${w.caseId}`);
  await expect(card.getByText('0 of 3 milestones done')).toBeVisible();
  await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
  await expect(card.getByText('Security review')).toBeVisible(); // the next milestone
  await expect(card.getByText('On track')).toBeVisible();
  await expect(card.getByTestId('promise-line')).toContainText('moved 1×');
  await expect(card.getByTestId('latest-update')).toContainText('Supplier patch due next week');

  // The responder completes the first milestone; after a reload the head's progress bar has moved.
  await panel.getByRole('combobox', { name: 'Status of Security review' }).selectOption('done');
  await expect(panel.getByText('1 of 3 milestones done')).toBeVisible();
  await head.reload();
  await expect(card.getByText('1 of 3 milestones done')).toBeVisible();
  await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '33');
  await expect(card.getByText('Supplier fix')).toBeVisible();
  await keepScreenshot(head, testInfo, 'dashboard-in-progress.png', { fullPage: true, chosen: true });

  // The service comes back while two steps are still open: the dialog lists them and asks what to do.
  await panel.getByRole('button', { name: 'Restore service' }).click();
  const restore = page.getByRole('dialog');
  await restore.getByRole('textbox', { name: /Note/ }).fill('Supplier patch verified, penetration test passed');
  await restore.getByRole('button', { name: 'Restore service' }).click();
  await expect(restore.getByText('2 milestones are still open')).toBeVisible();
  const open = restore.getByRole('list', { name: 'Open milestones' });
  await expect(open.getByRole('listitem')).toHaveCount(2);
  await expect(open).toContainText('Supplier fix');
  await expect(open).toContainText('Penetration test');
  await restore.getByRole('radio', { name: /Mark them done/ }).check();
  await restore.getByRole('button', { name: 'Restore service' }).click();
  await expect(restore).toBeHidden();
  await expect(panel.getByText('3 of 3 milestones done')).toBeVisible();
  await expect(panel.getByText('Restored', { exact: true }).first()).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Restore service' })).toHaveCount(0);

  // The service is operational again, as the head sees it.
  const headToken = await login(request, w.headEmail, PASSWORD);
  const services = await api<{ items: { id: string; status: string }[] }>(request, headToken, 'GET', '/services');
  expect(services.items.find((s) => s.id === w.serviceId)?.status).toBe('operational');

  await head.reload();
  await expect(head.getByText('No service is suspended')).toBeVisible();
  const restored = head
    .getByRole('region', { name: /Restored in the last 30 days/ })
    .getByRole('article', { name: w.serviceName });
  await expect(restored.getByText('Restored', { exact: true }).first()).toBeVisible();
  await expect(restored.getByText('Downtime')).toBeVisible();
  await keepScreenshot(head, testInfo, 'dashboard-restored.png', { fullPage: true });

  expect(headErrors, 'console errors on the department head’s page').toEqual([]);
  await headContext.close();
});
