// The cases list answers "mine" and "most urgent": filter Mine, sort by regulator deadline, scroll past
// 300 rows of a virtualised table, save the view and open it again.
import { expect, test } from './fixtures';
import { api, login, signInAs } from './people';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

test('a responder filters their cases, sorts by deadline, scrolls past 300 and reopens a saved view', async ({
  page,
  people,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const request = await playwright.request.newContext({ baseURL });
  // A responder of this test's own: the worker's people own cases other tests made, which would shift the counts.
  const lister = {
    email: `lister-${people.suffix}@example.org`,
    name: 'Lena Lister',
    password: people.responder.password,
  };
  await api(request, people.adminToken, 'POST', '/users', { ...lister, role: 'responder' });
  const responderToken = await login(request, lister.email, lister.password);
  const me = await api<{ id: string }>(request, responderToken, 'GET', '/me');
  // 317 cases owned by the responder, opened by five accounts at once (each within its rate limit).
  const helper = async (n: number) => {
    const email = `opener${n}-${people.suffix}@example.org`;
    await api(request, people.adminToken, 'POST', '/users', {
      email,
      name: `Opener ${n}`,
      role: 'responder',
      password: people.responder.password,
    });
    return login(request, email, people.responder.password);
  };
  const openers = [
    responderToken,
    await login(request, people.responder2.email, people.responder2.password),
    ...(await Promise.all([1, 2, 3].map(helper))),
  ];
  const body = (title: string, extra: Record<string, unknown> = {}) => ({
    title,
    category: 'phishing',
    severity: 'low',
    detected_at: hoursAgo(2),
    aware_at: hoursAgo(1),
    personal_data_involved: false,
    owner_id: me.id,
    ...extra,
  });
  await Promise.all(
    Array.from({ length: 317 }, (_, i) =>
      api(request, openers[i % openers.length] ?? '', 'POST', '/cases', body(`Bulk ${people.suffix} ${i}`)),
    ),
  );
  const soonest = await api<{ reference: string }>(
    request,
    people.adminToken,
    'POST',
    '/cases',
    body(`Clock ends soonest ${people.suffix}`, {
      personal_data_involved: true,
      detected_at: hoursAgo(71),
      aware_at: hoursAgo(70),
    }),
  );
  for (const h of [30, 10]) {
    await api(
      request,
      people.adminToken,
      'POST',
      '/cases',
      body(`Clock ${h} ${people.suffix}`, {
        personal_data_involved: true,
        aware_at: hoursAgo(h),
        detected_at: hoursAgo(h + 1),
      }),
    );
  }
  await request.dispose();

  await signInAs(page, lister);
  await page.goto('/cases');
  await page.getByRole('switch', { name: 'Mine' }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('switch', { name: 'Mine' })).toBeChecked();
  await expect(page).toHaveURL(/mine=1/);
  await expect(page.getByTestId('case-total')).toHaveText('320 cases');

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('combobox', { name: 'Sort cases' }).click();
  await page.getByRole('option', { name: 'Regulator deadline: soonest first' }).click();
  await expect(page).toHaveURL(/sort=regulator_due/);
  await expect(page.getByTestId('case-row').first()).toContainText(soonest.reference);

  // Scroll to the end: the next pages load as the end nears, and row 320 is reached.
  const table = page.getByRole('table', { name: 'Cases' });
  for (let i = 0; i < 20 && (await table.getAttribute('aria-rowcount')) !== '321'; i++) {
    await page.mouse.wheel(0, 20_000);
    await page.waitForTimeout(250);
  }
  await expect(table).toHaveAttribute('aria-rowcount', '321');
  await page.mouse.wheel(0, 50_000);
  await expect(page.locator('[aria-rowindex="321"]')).toBeVisible();
  await expect(page.locator('[aria-rowindex="321"]')).toContainText(`Bulk ${people.suffix}`);
  await expect(page.getByRole('button', { name: /load more/i })).toHaveCount(0);

  // Save the view, leave it, and open it again from the views menu.
  await page.getByRole('button', { name: 'Save view' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save this view' });
  await dialog.getByLabel('Name').fill('Mine, most urgent');
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await expect(dialog).toBeHidden();
  await page.goto('/cases');
  await expect(page.getByTestId('case-total')).not.toHaveText('320 cases');
  await page.getByRole('button', { name: /^Views/ }).click();
  await page.getByRole('menuitem', { name: 'Mine, most urgent' }).click();
  await expect(page).toHaveURL(/mine=1&sort=regulator_due/);
  await expect(page.getByTestId('case-total')).toHaveText('320 cases');
  await expect(page.getByTestId('case-row').first()).toContainText(soonest.reference);
});
