// Live updates: what one person changes shows in another's open pages without a reload.
import { expect, test } from './fixtures';
import { api, signInAs } from './people';

test("a colleague's edit shows on my open case page and cases list without a reload", async ({
  page,
  browser,
  baseURL,
  people,
}) => {
  test.setTimeout(60_000); // two browsers, three pages
  const title = `Phishing wave Zażółć ${people.suffix}`;
  const now = new Date().toISOString();
  const c = await api<{ id: string }>(
    // Through the page's request context: the admin opens the case both will look at.
    page.request,
    people.adminToken,
    'POST',
    '/cases',
    {
      title,
      category: 'phishing',
      severity: 'medium',
      department_id: people.home.id,
      detected_at: now,
      aware_at: now,
      personal_data_involved: false,
    },
  );

  // The watcher (another browser, another user) has the case and the list open.
  const watcher = await browser.newContext({ baseURL });
  const casePage = await watcher.newPage();
  await signInAs(casePage, people.responder2);
  await casePage.goto(`/cases/${c.id}`);
  await expect(casePage.getByRole('heading', { name: title })).toBeVisible();
  const listPage = await watcher.newPage();
  await listPage.goto(`/cases?q=${encodeURIComponent(people.suffix)}`);
  await expect(listPage.getByText(title, { exact: true })).toBeVisible();

  // The editor renames the case in their own browser.
  const renamed = `${title} — فيروس`;
  await signInAs(page, people.responder);
  await page.goto(`/cases/${c.id}`);
  await page.getByRole('button', { name: 'Edit details' }).click();
  const form = page.getByRole('form', { name: 'Case details' });
  await form.getByLabel('Title').fill(renamed);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: renamed })).toBeVisible();

  // Both of the watcher's pages show it, neither reloaded.
  await expect(casePage.getByRole('heading', { name: renamed })).toBeVisible({ timeout: 5_000 });
  await expect(listPage.getByText(renamed, { exact: true })).toBeVisible({ timeout: 5_000 });
  await watcher.close();
});
