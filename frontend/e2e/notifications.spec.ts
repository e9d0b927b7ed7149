// The bell in the browser: a responder follows a case, an admin moves it, the responder's bell says so; mark read empties it.
// A follower of a department with more notifications than the bell's first page reaches the older ones, by keyboard and on a phone.
import { expectAccessible } from './axe';
import { expect, keepScreenshot, test } from './fixtures';
import { api, login, PASSWORD, signInAs } from './people';

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

test('a user with more than 20 notifications reaches the 21st and older from the bell, by keyboard and on a phone', async ({
  page,
  people,
}, testInfo) => {
  const reader = { email: `bell-pages-${people.suffix}@example.org`, name: 'Bożena Czytelniczka', password: PASSWORD };
  await api(page.request, people.adminToken, 'POST', '/users', { ...reader, role: 'responder' });
  const department = await api<{ id: string }>(page.request, people.adminToken, 'POST', '/departments', {
    name: `Archiwum ${people.suffix}`,
  });
  const readerToken = await login(page.request, reader.email, reader.password);
  await api(page.request, readerToken, 'PUT', `/me/follows/department/${department.id}`);

  // 23 cases opened in the followed department: 23 notifications, the newest first.
  const now = new Date().toISOString();
  const references: string[] = [];
  for (let i = 1; i <= 23; i++) {
    const c = await api<{ reference: string }>(page.request, people.adminToken, 'POST', '/cases', {
      title: `Zgłoszenie ${i} ${people.suffix}`,
      category: 'other',
      severity: 'low',
      department_id: department.id,
      detected_at: now,
      aware_at: now,
      personal_data_involved: false,
    });
    references.push(c.reference);
  }
  const newestFirst = [...references].reverse();
  await expect
    .poll(
      async () =>
        (await api<{ unread: number }>(page.request, readerToken, 'GET', '/me/notifications/unread-count')).unread,
      {
        timeout: 15_000,
      },
    )
    .toBe(23);

  await signInAs(page, reader);
  const bell = page.getByRole('button', { name: 'Notifications, 23 unread' });
  // By keyboard: Enter on the bell opens it with the focus inside.
  await bell.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Notifications, 23 unread' });
  const items = dialog.getByTestId('notification');
  await expect(items).toHaveCount(20);
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await expect(items.nth(0)).toContainText(newestFirst[0] ?? '');
  await expect(items.nth(19)).toContainText(newestFirst[19] ?? '');
  await expect(dialog.getByText(newestFirst[20] ?? '', { exact: true })).toHaveCount(0);

  // Tab reaches "Load more" (the focus stays in the bell), Enter reads the next page and focuses the 21st.
  const loadMore = dialog.getByRole('button', { name: 'Load more notifications' });
  for (let i = 0; i < 60 && !(await loadMore.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
    await expect(dialog.locator(':focus')).toHaveCount(1);
  }
  await expect(loadMore).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(items).toHaveCount(23);
  await expect(items.nth(20)).toBeFocused();
  await expect(items.nth(20)).toContainText(newestFirst[20] ?? '');
  await expect(items.nth(22)).toContainText(newestFirst[22] ?? '');
  await expect(dialog.getByText('23 notifications — that is all')).toBeVisible();
  await expect(items.nth(20).getByRole('link', { name: newestFirst[20] })).toBeInViewport();
  await keepScreenshot(page, testInfo, 'bell-older.png');
  await expectAccessible(page, testInfo); // the bell with an older page shown
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(bell).toBeFocused();

  // On a phone: the list fits the screen, opens on the newest page again, and the 21st is a tap away.
  await page.setViewportSize({ width: 390, height: 740 });
  await bell.click();
  await expect(items).toHaveCount(20);
  const box = await dialog.boundingBox();
  expect(box).not.toBeNull();
  expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390).toBe(true);
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(740);
  await loadMore.click();
  await expect(items).toHaveCount(23);
  await expect(items.nth(20)).toBeInViewport();
  await keepScreenshot(page, testInfo, 'bell-older-phone.png');
  await items.nth(20).getByRole('link', { name: newestFirst[20] }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  await expect(page.getByText(newestFirst[20] ?? '').first()).toBeVisible();
});
