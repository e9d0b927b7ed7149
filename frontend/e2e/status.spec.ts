// The public status page, in a real browser against a real server, without signing in: an
// administrator gives two services public names (through the API) and suspends one; anyone then
// sees them on /status under those names only — no case, reference, department, reason or
// internal service name. Public and internal updates posted from the case page, and only the
// public one reaching this page, are in the department head's story (story.spec.ts).
import { DAY_MS } from './dates';
import { ADMIN_EMAIL, expect, test } from './fixtures';
import { api, login } from './people';

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
  const admin = await login(request, ADMIN_EMAIL, adminPassword);
  const suffix = Date.now().toString(36);
  const department = await api<{ id: string }>(request, admin, 'POST', '/departments', {
    name: `Revenue secret dept ${suffix}`,
  });
  const suspendedName = `Tax return portal ${suffix}`;
  const operationalName = `Appointments ${suffix}`;
  const taxInternal = `HMRC-INTERNAL-${suffix}`;
  const tax = await api<{ id: string }>(request, admin, 'POST', '/services', {
    name: taxInternal,
    department_id: department.id,
    public_name: suspendedName,
  });
  await api(request, admin, 'POST', '/services', {
    name: `APPT-INTERNAL-${suffix}`,
    department_id: department.id,
    public_name: operationalName,
  });
  const hidden = await api<{ id: string }>(request, admin, 'POST', '/services', {
    name: `Hidden backend ${suffix}`,
    department_id: department.id,
  });
  const now = Date.now();
  const kase = await api<{ id: string; reference: string }>(request, admin, 'POST', '/cases', {
    title: `Secret case title ${suffix}`,
    category: 'unauthorised_access',
    severity: 'high',
    detected_at: new Date(now - 2 * 3_600_000).toISOString(),
    aware_at: new Date(now - 3_600_000).toISOString(),
    personal_data_involved: false,
  });
  for (const serviceId of [tax.id, hidden.id]) {
    await api(request, admin, 'POST', `/cases/${kase.id}/suspensions`, {
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
    secrets: [
      taxInternal,
      `Hidden backend ${suffix}`,
      kase.reference,
      `Secret case title ${suffix}`,
      `Revenue secret dept ${suffix}`,
      `Secret reason ${suffix}`,
      `Secret decider ${suffix}`,
      `Secret impact ${suffix}`,
      'Administrator',
    ],
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
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
});
