// The department head's dashboard and a case page on a 390 × 844 phone: nothing wider than the
// screen, the key parts within it, text no smaller than 12 px, people by name, and a
// screenshot of each kept as test artifacts (test-results/…/dashboard-390.png, case-390.png).
import type { Locator, Page } from '@playwright/test';

import { expect, keepScreenshot, test } from './fixtures';
import { api, signInAs } from './people';

const DAY_MS = 86_400_000;
const PHONE = { width: 390, height: 844 };
const iso = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

/** noSidewaysScroll: the page is no wider than the phone. */
async function expectNoOverflow(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'the page scrolls sideways').toBeLessThanOrEqual(PHONE.width);
}

/** withinScreen: the element's box lies within the phone's width. */
async function expectWithinScreen(locator: Locator) {
  const box = await locator.boundingBox();
  expect(box, 'no box: not rendered').not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width + 0.5);
}

test.use({ viewport: PHONE });

test('the department head’s dashboard and a case page fit a 390 px phone', async ({
  page,
  people,
  request,
}, testInfo) => {
  const admin = people.adminToken;
  const service = (name: string) =>
    api<{ id: string }>(request, admin, 'POST', '/services', {
      name: `${name} ${people.suffix}`,
      department_id: people.other.id,
    });
  const [portal, toolkit, pharmacy, archive] = await Promise.all([
    service('Patient Portal'),
    service('Revalidation Toolkit'),
    service('Zamówienia apteczne (pharmacy ordering)'),
    service('Legacy Imaging Archive'),
  ]);
  const users = await api<{ items: { id: string; email: string }[] }>(request, admin, 'GET', '/users?limit=200');
  const responderId = users.items.find((u) => u.email === people.responder.email)!.id;
  const kase = await api<{ id: string; reference: string }>(request, admin, 'POST', '/cases', {
    title: `Ransomware precaution across clinical systems ${people.suffix}`,
    category: 'malware',
    severity: 'high',
    department_id: people.other.id,
    owner_id: responderId,
    detected_at: iso(-30),
    aware_at: iso(-30),
    personal_data_involved: false,
  });
  const suspend = (serviceId: string, days: number, expected: number | null) =>
    api<{ id: string; version: number }>(request, admin, 'POST', `/cases/${kase.id}/suspensions`, {
      service_id: serviceId,
      reason: 'Taken offline as a precaution',
      decided_by: 'Chief Information Security Officer',
      suspended_at: iso(-days),
      ...(expected === null ? {} : { expected_restoration_at: iso(expected) }),
    });
  const step = (suspensionId: string, title: string, due: number) =>
    api(request, admin, 'POST', `/suspensions/${suspensionId}/milestones`, {
      title,
      due_at: iso(due),
      owner_id: responderId,
    });

  // Slipping, re-planned once; at risk with four steps, one overdue; no plan; a 659-day outage restored.
  const slipping = await suspend(portal.id, 40, 1);
  await step(slipping.id, 'Supplier patch', -10);
  await step(slipping.id, 'Penetration test', 20);
  const moved = await request.fetch(`/api/v1/suspensions/${slipping.id}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${admin}`, 'If-Match': `"${slipping.version}"` },
    data: { expected_restoration_at: iso(30), replan_reason: 'Supplier patch late' },
  });
  expect(moved.ok(), await moved.text()).toBe(true);
  const atRisk = await suspend(toolkit.id, 5, 21);
  await step(atRisk.id, 'Isolate affected hosts', -1);
  await step(atRisk.id, 'Forensic image of the database server', 6);
  await step(atRisk.id, 'Rebuild servers', 12);
  await step(atRisk.id, 'Security sign-off', 18);
  await suspend(pharmacy.id, 2, null);
  const old = await suspend(archive.id, 659, 10);
  await api(request, admin, 'POST', `/suspensions/${old.id}/restore`, { note: 'Back after the rebuild' });

  await signInAs(page, people.head);
  await page.goto('/restoration');
  await expect(page.getByRole('heading', { name: 'Restoration', level: 1 })).toBeVisible();
  const first = page.getByRole('article').first();
  await expect(first).toBeVisible();
  await expect(page.getByText('promised', { exact: false }).first()).toBeVisible();
  await expect(page.getByText(/moved 1×/)).toBeVisible();
  await expect(page.getByText('No plan yet', { exact: true }).first()).toBeVisible();

  await expectNoOverflow(page);
  for (const card of await page.getByRole('article').all()) await expectWithinScreen(card);
  const timeline = page.getByRole('region', { name: 'Timeline across services', exact: true });
  await expectWithinScreen(timeline);
  await expect(page.getByTestId('services-timeline').locator('g[data-service]')).toHaveCount(4);
  const chart = page.getByTestId('downtime-chart');
  await expectWithinScreen(chart);
  // The chart's labels keep their size on the phone, and a 2-day bar stays visible beside 659 days.
  const fontSizes = await chart
    .locator('p')
    .evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
  expect(Math.min(...fontSizes)).toBeGreaterThanOrEqual(12);
  const widths = await chart
    .locator('li')
    .evaluateAll((rows) =>
      rows.map((r) =>
        Array.from(r.querySelectorAll('[data-part]')).reduce((w, p) => w + p.getBoundingClientRect().width, 0),
      ),
    );
  expect(widths.length).toBe(4);
  expect(Math.min(...widths)).toBeGreaterThan(20);

  await keepScreenshot(page, testInfo, 'dashboard-390.png', { fullPage: true, chosen: true });

  // The case page: its plan, its chart and its history fit too, and people appear by name.
  await page.getByRole('link', { name: kase.reference }).first().click();
  await expect(page.getByText(people.responder.name).first()).toBeVisible();
  await expect(page.getByText(people.responder.email)).toHaveCount(0);
  await page.getByRole('tab', { name: 'Suspensions' }).click();
  const plan = page.getByRole('list', { name: 'Restoration milestones' }).first();
  await expect(plan).toBeVisible();
  await expectWithinScreen(plan);
  await expect(page.getByText(`Owner: ${people.responder.name}`).first()).toBeVisible();
  await expectWithinScreen(page.getByTestId('milestone-timeline').first());
  await expectNoOverflow(page);
  await keepScreenshot(page, testInfo, 'case-390.png', { fullPage: true });

  // The history reads as sentences that fit, and the audit record behind one opens in place and fits too.
  await page.getByRole('tab', { name: 'Activity' }).click();
  const sentence = page.getByTestId('timeline-sentence').first();
  await expect(sentence).toBeVisible();
  await expectWithinScreen(sentence);
  await page.getByRole('button', { name: 'Show the audit record' }).first().click();
  const record = page.getByTestId('audit-record').first();
  await expect(record).toBeVisible();
  await expectWithinScreen(record);
  await expectNoOverflow(page);
});
