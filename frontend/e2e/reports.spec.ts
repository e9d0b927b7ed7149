// The figures in a real browser: a department head opens Figures from the navigation and finds the
// charts and tables, their department's downtime among them, downloads a table as CSV, and reads the
// phase durations on a case's page; the page passes axe and fits a phone.
import { readFile } from 'node:fs/promises';

import { expectAccessible } from './axe';
import { expect, keepScreenshot, test } from './fixtures';
import { api, goTo, PASSWORD, type Person, signInAs } from './people';

const HOUR_MS = 3_600_000;

test('a department head reads the figures, downloads a table and sees a case’s phase durations', async ({
  page,
  people,
  request,
}, testInfo) => {
  const token = people.adminToken;
  // A department and a head of their own: other specs in this worker suspend the shared departments' services.
  const ward = await api<{ id: string; name: string }>(request, token, 'POST', '/departments', {
    name: `Oddział Kardiologii ${people.suffix}`,
  });
  const head: Person = {
    email: `figures-head-${people.suffix}@example.org`,
    name: 'Halina Kierowniczka',
    password: PASSWORD,
  };
  await api(request, token, 'POST', '/users', { ...head, role: 'department_head', department_id: ward.id });
  const service = await api<{ id: string; name: string }>(request, token, 'POST', '/services', {
    name: `Kartoteka Pacjentów ${people.suffix}`,
    department_id: ward.id,
  });
  const now = Date.now();
  const kase = await api<{ id: string }>(request, token, 'POST', '/cases', {
    title: `Figures of a clinical outage ${people.suffix}`,
    category: 'malware',
    severity: 'high',
    department_id: ward.id,
    detected_at: new Date(now - 6 * HOUR_MS).toISOString(),
    aware_at: new Date(now - 5 * HOUR_MS).toISOString(),
    personal_data_involved: false,
  });
  for (const to of ['triage', 'investigating', 'contained']) {
    await api(request, token, 'POST', `/cases/${kase.id}/transitions`, { to });
  }
  const suspension = await api<{ id: string }>(request, token, 'POST', `/cases/${kase.id}/suspensions`, {
    service_id: service.id,
    reason: 'Ransomware note on the records server',
    decided_by: 'Chief Information Security Officer',
    suspended_at: new Date(now - 5 * HOUR_MS).toISOString(),
  });
  await api(request, token, 'POST', `/suspensions/${suspension.id}/restore`, {
    restored_at: new Date(now - 2 * HOUR_MS).toISOString(),
  });

  await signInAs(page, head);
  await goTo(page, 'Figures');
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Figures' })).toBeVisible();
  for (const title of [
    'Cases opened and closed',
    'Regulator notifications',
    'Time to contain and to close',
    'Downtime by department',
  ]) {
    await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  }
  await expect(page.getByTestId('chart').locator('svg.recharts-surface').first()).toBeVisible();
  await expect(page.getByTestId('chart')).toHaveCount(4);
  const downtime = page.getByTestId('figures-downtime');
  const row = downtime.getByRole('row').filter({ hasText: ward.name });
  await expect(row.getByRole('cell').nth(1)).toHaveText('1');
  await expect(row.getByRole('cell').nth(2)).toHaveText('3 h');
  await expect(
    page.getByTestId('figures-severity').getByRole('row').filter({ hasText: 'High' }).getByRole('cell').nth(1),
  ).not.toHaveText('0');
  await expectAccessible(page, testInfo, { label: 'figures' });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download downtime by department as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('downtime-by-department.csv');
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.split('\r\n');
  expect(lines[0]).toBe('department,services_down,downtime_seconds');
  expect(lines).toContain(`${ward.name},1,10800`);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('heading', { level: 2, name: 'Downtime by department' })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, 'horizontal overflow at 390 px').toBe(0);
  await keepScreenshot(page, testInfo, 'figures-phone.png', { fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto(`/cases/${kase.id}`);
  const card = page.getByTestId('phases-card');
  await expect(card.getByText('To awareness')).toBeVisible();
  await expect(card.getByText('1 h', { exact: true })).toBeVisible();
  await expect(card.getByText('Not contained yet')).toHaveCount(0);
  await expect(card.getByText('Still open')).toBeVisible();
  await expect(card.getByText(service.name)).toBeVisible();
  await expect(card.getByText('3 h', { exact: true })).toBeVisible();
  await keepScreenshot(page, testInfo, 'figures-desktop.png', { fullPage: true });
});
