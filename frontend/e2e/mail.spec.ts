// Mail, in a real browser against a real server: an administrator finds Administration › Mail
// (waiting or failed mail first; this server sends none, so it is empty), and a mail's unsubscribe
// link that was changed is refused without sign-in, by the page and by the one-click address alike,
// with nothing done.
import { expectAccessible } from './axe';
import { expect, signIn, test } from './fixtures';

test('an administrator opens the Mail page from the navigation', async ({ page, adminPassword }, testInfo) => {
  await page.goto('/');
  await signIn(page, adminPassword);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Mail' }).click();
  await expect(page).toHaveURL(/\/admin\/mail$/);
  await expect(page.getByRole('heading', { name: 'Mail', level: 1 })).toBeVisible();
  await expect(page.getByText('Nothing waiting or failed')).toBeVisible();
  await page.locator('label', { hasText: /^All$/ }).click();
  await expect(page.getByText('No mail yet')).toBeVisible();
  await expectAccessible(page, testInfo, { label: 'mail page' });
});

test('a changed unsubscribe link is refused and changes nothing', async ({ page, request, consoleGuard }, testInfo) => {
  consoleGuard.allow(/Failed to load resource: the server responded with a status of 422/); // the refusal itself
  await page.goto('/unsubscribe?token=AZLh0ZJ0dGFzay5hc3NpZ25lZA.dGFtcGVyZWQtc2lnbmF0dXJl');
  await expect(page.getByRole('alert')).toContainText('This unsubscribe link does not work');
  await expect(page.getByRole('alert')).toContainText('not from this Caseward');
  await expect(page.getByRole('button', { name: 'Stop these emails' })).toHaveCount(0);
  await expectAccessible(page, testInfo, { label: 'unsubscribe page, bad link' });

  const oneClick = await request.post('/api/v1/mail/unsubscribe?token=AZLh0ZJ0dGFzay5hc3NpZ25lZA.dGFtcGVyZWQ', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    data: 'List-Unsubscribe=One-Click',
  });
  expect(oneClick.status()).toBe(422);
  expect(oneClick.headers()['content-type']).toBe('application/problem+json');
});
