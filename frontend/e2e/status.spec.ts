// The public status page, in a real browser against a real server, without signing in: an
// administrator gives two services public names (through the API) and suspends one; anyone then
// sees them on /status under those names only — no case, reference, department, reason or
// internal service name. (Public updates come from POST /suspensions/{id}/updates, built
// elsewhere; once it is in, post a public and an internal update here too.)
import type { APIRequestContext } from '@playwright/test';

import { ADMIN_EMAIL, expect, test } from './fixtures';

const DAY_MS = 86_400_000;

async function call<T>(request: APIRequestContext, method: 'POST', path: string, token: string, data: unknown): Promise<T> {
  const response = await request.fetch(`/api/v1${path}`, { method, headers: { Authorization: `Bearer ${token}` }, data });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

interface World {
  suspendedName: string;
  operationalName: string;
  secrets: string[];
}

let world: World;

// The server renders /status at most once per 30 s: the setup must happen once, before the
// first visit, so the tests share it (a retry in a new worker would set up services the cached
// page does not show yet).
test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request, adminPassword }) => {
  const login = await request.post('/api/v1/auth/login', { data: { email: ADMIN_EMAIL, password: adminPassword } });
  expect(login.ok()).toBe(true);
  const admin = ((await login.json()) as { access_token: string }).access_token;
  const suffix = Date.now().toString(36);
  const department = await call<{ id: string }>(request, 'POST', '/departments', admin, { name: `Revenue secret dept ${suffix}` });
  const suspendedName = `Tax return portal ${suffix}`;
  const operationalName = `Appointments ${suffix}`;
  const taxInternal = `HMRC-INTERNAL-${suffix}`;
  const tax = await call<{ id: string }>(request, 'POST', '/services', admin, {
    name: taxInternal,
    department_id: department.id,
    public_name: suspendedName,
  });
  await call(request, 'POST', '/services', admin, {
    name: `APPT-INTERNAL-${suffix}`,
    department_id: department.id,
    public_name: operationalName,
  });
  const hidden = await call<{ id: string }>(request, 'POST', '/services', admin, {
    name: `Hidden backend ${suffix}`,
    department_id: department.id,
  });
  const now = Date.now();
  const kase = await call<{ id: string; reference: string }>(request, 'POST', '/cases', admin, {
    title: `Secret case title ${suffix}`,
    category: 'unauthorised_access',
    severity: 'high',
    detected_at: new Date(now - 2 * 3_600_000).toISOString(),
    aware_at: new Date(now - 3_600_000).toISOString(),
    personal_data_involved: false,
  });
  for (const serviceId of [tax.id, hidden.id]) {
    await call(request, 'POST', `/cases/${kase.id}/suspensions`, admin, {
      service_id: serviceId,
      reason: `Secret reason ${suffix}`,
      decided_by: `Secret decider ${suffix}`,
      impact: `Secret impact ${suffix}`,
      expected_restoration_at: new Date(now + 21 * DAY_MS).toISOString(),
    });
  }
  world = {
    suspendedName,
    operationalName,
    secrets: [taxInternal, `Hidden backend ${suffix}`, kase.reference, `Secret case title ${suffix}`, `Revenue secret dept ${suffix}`,
      `Secret reason ${suffix}`, `Secret decider ${suffix}`, `Secret impact ${suffix}`, 'Administrator'],
  };
});

test('anyone sees the public services on /status, and nothing internal', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Service status' }).click();
  await expect(page).toHaveURL(/\/status$/);
  await expect(page.getByRole('heading', { name: 'Service status' })).toBeVisible();
  await expect(page.getByText(/\d+ services? suspended/)).toBeVisible();

  const down = page.getByRole('article', { name: world.suspendedName });
  await expect(down.getByText('Suspended', { exact: true })).toBeVisible();
  await expect(down.getByText(/Expected back/)).toBeVisible();
  const up = page.getByRole('article', { name: world.operationalName });
  await expect(up.getByText('Operational', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /Atom feed/ })).toHaveAttribute('href', '/status.atom');

  const text = await page.locator('body').innerText();
  for (const secret of world.secrets) expect(text, `the page names ${secret}`).not.toContain(secret);
  // Still not signed in: the page did not send the reader to the sign-in form.
  await expect(page).toHaveURL(/\/status$/);
  expect(await page.evaluate(() => localStorage.getItem('caseward.refresh_token'))).toBeNull();

  const feed = await page.request.get('/status.atom');
  expect(feed.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
  const xml = await feed.text();
  expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
  for (const secret of world.secrets) expect(xml).not.toContain(secret);
});

test('the status page fits a 390 px phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/status');
  await expect(page.getByRole('article', { name: world.suspendedName })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
});
