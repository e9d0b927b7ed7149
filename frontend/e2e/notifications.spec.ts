// The bell in the browser: a responder follows a case, an admin moves it, the responder's bell says so; mark read empties it.
import { expectAccessible } from './axe';
import { api, expect, PASSWORD, signInAs, test } from './people';

test('a follower of a case is told in the bell when it moves, and marks it read', async ({
  page,
  people,
}, testInfo) => {
  // A responder of this spec's own, so that no other spec's assignments count in the bell.
  const follower = { email: `follower-${people.suffix}@example.org`, name: 'Łucja Śledząca', password: PASSWORD };
  await api(page.request, people.adminToken, 'POST', '/users', { ...follower, role: 'responder' });
  const now = new Date().toISOString();
  const c = await api<{ id: string; reference: string }>(page.request, people.adminToken, 'POST', '/cases', {
    title: `Wyciek danych płacowych ${people.suffix}`,
    category: 'data_leak',
    severity: 'high',
    detected_at: now,
    aware_at: now,
    personal_data_involved: false,
  });

  await signInAs(page, follower);
  const bell = page.getByRole('button', { name: /^Notifications, / });
  await expect(bell).toHaveAccessibleName('Notifications, none unread');
  await page.goto(`/cases/${c.id}`);
  await page.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Unfollow', exact: true })).toBeVisible();

  await api(page.request, people.adminToken, 'POST', `/cases/${c.id}/transitions`, { to: 'triage' });

  // The bell asks every 30 s; a reload asks at once.
  await expect(async () => {
    await page.reload();
    await expect(bell).toHaveAccessibleName('Notifications, 1 unread', { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });

  await bell.click();
  const item = page.getByTestId('notification');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Administrator moved the case from Reported to Triage');
  await expect(item.getByRole('link', { name: c.reference })).toHaveAttribute('href', `/cases/${c.id}`);
  await expect(item.getByText(`Wyciek danych płacowych ${people.suffix}`, { exact: true })).toBeVisible(); // the case's title
  await expect(item).toHaveAttribute('data-unread', 'true');
  await expectAccessible(page, testInfo); // the bell with its number, and the open list

  await item.getByRole('button', { name: 'Mark read' }).click();
  await expect(bell).toHaveAccessibleName('Notifications, none unread');
  await expect(item).toHaveAttribute('data-unread', 'false');
});
