// The service page in a real browser: a service suspended and restored in the past shows its
// 90-day availability bar, its downtime per month and its suspension linking to the case, for
// the head of the service's department, on a desktop and on a 390 px phone without clipping.
import { expect, keepScreenshot, test } from './fixtures';
import { api, signInAs } from './people';

const HOUR_MS = 3_600_000;

test('the head of a department follows a service’s history on its page, on a phone too', async ({
  page,
  people,
  request,
}, testInfo) => {
  const service = await api<{ id: string; name: string }>(request, people.adminToken, 'POST', '/services', {
    name: `Rejestr Usług Zdrowotnych ${people.suffix}`,
    department_id: people.other.id,
  });
  // Down for 30 hours, ending two days ago: one partial day at least, restored.
  const end = new Date(Date.now() - 48 * HOUR_MS);
  const start = new Date(end.getTime() - 30 * HOUR_MS);
  const suspension = await api<{ id: string }>(
    request,
    people.adminToken,
    'POST',
    `/cases/${people.sampleCase.id}/suspensions`,
    {
      service_id: service.id,
      reason: 'Suspicious logins',
      decided_by: 'Chief Information Security Officer',
      suspended_at: start.toISOString(),
    },
  );
  await api(request, people.adminToken, 'POST', `/suspensions/${suspension.id}/restore`, {
    restored_at: end.toISOString(),
  });

  await signInAs(page, people.head);
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(viewport);
    await page.goto(`/services/${service.id}`);
    await expect(page.getByRole('heading', { level: 1, name: service.name })).toBeVisible();
    await expect(page.getByTestId('service-state')).toHaveText('Operational');
    const days = page.getByTestId('availability-bar').getByRole('listitem');
    await expect(days).toHaveCount(90);
    await expect(page.getByTestId('availability-bar').locator('[data-state="up"]')).not.toHaveCount(90);
    await expect(page.getByTestId('availability-percent')).not.toHaveText(/^100%/);
    await expect(page.getByTestId('monthly-downtime').getByRole('listitem').first()).toBeVisible();
    const link = page
      .getByRole('list', { name: 'Suspensions' })
      .getByRole('link', { name: people.sampleCase.reference });
    await expect(link).toBeVisible();
    await expect(page.getByTestId('suspension-downtime')).toHaveText('1 d 6 h');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `horizontal overflow at ${viewport.width} px`).toBe(0);
    await keepScreenshot(page, testInfo, `service-page-${viewport.width}.png`, { fullPage: true });
  }
  await page
    .getByRole('list', { name: 'Suspensions' })
    .getByRole('link', { name: people.sampleCase.reference })
    .click();
  await expect(page).toHaveURL(new RegExp(`/cases/${people.sampleCase.id}$`));
});
