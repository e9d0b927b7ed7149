// People by name (issue 18): an auditor and a department head, who may not read the user list,
// see the names of everyone a case names — collector, custody party, note author, milestone owner —
// on the case page, never "Another user".
import type { APIRequestContext } from '@playwright/test';

import { expect, keepScreenshot, test } from './fixtures';
import { api, login, type People, type Person, signInAs } from './people';

async function tokenOf(request: APIRequestContext, p: Person) {
  return login(request, p.email, p.password);
}

/** namedCase is a case of the head's department with evidence collected and handed on, a note and a milestone by responders. */
async function namedCase(request: APIRequestContext, people: People, tag: string) {
  const now = new Date().toISOString();
  const admin = people.adminToken;
  const c = await api<{ id: string; reference: string }>(request, admin, 'POST', '/cases', {
    title: `Names on a case ${people.suffix}`,
    category: 'phishing',
    severity: 'low',
    department_id: people.other.id,
    detected_at: now,
    aware_at: now,
    personal_data_involved: false,
  });
  const rita = await tokenOf(request, people.responder);
  const sam = await tokenOf(request, people.responder2);
  const upload = await request.post(`/api/v1/cases/${c.id}/evidence`, {
    headers: { Authorization: `Bearer ${rita}` },
    multipart: {
      title: 'Phishing mail headers',
      kind: 'email',
      file: { name: 'headers.eml', mimeType: 'message/rfc822', buffer: Buffer.from('Received: x\n') },
    },
  });
  expect(upload.ok(), await upload.text()).toBe(true);
  const evidence = (await upload.json()) as { id: string };
  await api(request, sam, 'POST', `/evidence/${evidence.id}/custody`, {
    action: 'analysed',
    purpose: 'Header analysis',
  });
  await api(request, sam, 'POST', `/cases/${c.id}/notes`, { kind: 'update', body: 'Sender domain blocked.' });
  const service = await api<{ id: string }>(request, admin, 'POST', '/services', {
    name: `Mail gateway ${tag} ${people.suffix}`,
    department_id: people.other.id,
  });
  const s = await api<{ id: string }>(request, admin, 'POST', `/cases/${c.id}/suspensions`, {
    service_id: service.id,
    reason: 'Phishing wave',
    decided_by: 'CISO',
  });
  const users = await api<{ items: { id: string; email: string }[] }>(request, admin, 'GET', '/users?limit=200');
  const samId = users.items.find((u) => u.email === people.responder2.email)?.id;
  await api(request, admin, 'POST', `/suspensions/${s.id}/milestones`, {
    title: 'Filter rules reviewed',
    owner_id: samId,
  });
  return c;
}

for (const who of ['auditor', 'head'] as const) {
  test(`${who === 'head' ? 'a department head' : 'an auditor'} sees the people a case names by name`, async ({
    page,
    people,
    request,
  }, testInfo) => {
    test.setTimeout(60_000);
    const c = await namedCase(request, people, who);
    await signInAs(page, people[who]);
    await page.goto(`/cases/${c.id}`);
    await expect(page.getByRole('heading', { name: new RegExp(`Names on a case`) })).toBeVisible();

    await page.getByRole('tab', { name: 'Evidence' }).click();
    const row = page.getByTestId('evidence-row').filter({ hasText: 'Phishing mail headers' });
    await expect(row).toContainText(people.responder.name);
    await keepScreenshot(page, testInfo, `evidence-${who}-1280.png`, { fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await row.scrollIntoViewIfNeeded();
    await expect(row).toContainText(people.responder.name);
    await keepScreenshot(page, testInfo, `evidence-${who}-390.png`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await row.getByRole('button', { name: 'Phishing mail headers' }).click();
    const drawer = page.getByRole('dialog', { name: 'Phishing mail headers' });
    await expect(drawer).toContainText(`Collected by${people.responder.name}`);
    await expect(drawer.locator('[data-testid="custody-event"][data-action="analysed"]')).toContainText(
      people.responder2.name,
    );
    await expect(drawer).not.toContainText('Another user');
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: 'Suspensions' }).click();
    const panel = page.getByRole('article', { name: `Mail gateway ${who} ${people.suffix}` });
    await expect(panel.getByTestId('milestone-owner').filter({ visible: true })).toHaveText(
      `Owner: ${people.responder2.name}`,
    );
    await expect(page.getByText('Another user')).toHaveCount(0);
  });
}
