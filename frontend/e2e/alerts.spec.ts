// Alerts in a real browser against a real server (issue 23): a mail gateway sends the same alert twice (one
// alert, seen twice), a responder finds it in the queue, imports it as a case holding its observables, and
// ignores another with a reason; each tab of the queue shows what became of them. The queue passes axe.
import { expectAccessible } from './axe';
import { expect, keepScreenshot, test } from './fixtures';
import { goTo, login, signInAs } from './people';

test('a responder imports an alert sent twice as a case, and ignores another with a reason', async ({
  page,
  request,
  people,
}, testInfo) => {
  test.setTimeout(90_000);
  const tag = `${people.suffix}${Date.now().toString(36)}`;
  const token = await login(request, people.responder.email, people.responder.password);
  const send = (ref: string, title: string) =>
    request.post('/api/v1/alerts', {
      headers: { Authorization: `Bearer ${token}` },
      data: {
        source: 'mail-gateway',
        source_ref: ref,
        title,
        severity: 'high',
        description: 'Three mailboxes received a fake invoice from the payroll office.',
        observables: [
          { type: 'email', value: `kadry[@]p1ace-${tag}[.]pl` },
          { type: 'url', value: `hxxps://p1ace-${tag}[.]pl/faktura` },
        ],
        raw: { verdict: 'phish', ref },
      },
    });
  expect((await send(`MG-${tag}`, `Phishing: Dział Płac ${tag}`)).status()).toBe(201);
  expect((await send(`MG-${tag}`, `Phishing: Dział Płac ${tag}`)).status()).toBe(200);
  expect((await send(`SCAN-${tag}`, `Port scan from our scanner ${tag}`)).status()).toBe(201);

  await signInAs(page, people.responder);
  await goTo(page, 'Alerts');
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  const card = page.getByRole('article', { name: `Phishing: Dział Płac ${tag}` });
  await expect(card.getByText('Seen 2 times', { exact: false })).toBeVisible();
  await expect(card.getByText(`kadry@p1ace-${tag}.pl`, { exact: true })).toBeVisible();
  await expect(card.getByText(`MG-${tag}`, { exact: true })).toBeVisible();
  await expectAccessible(page, testInfo, { label: 'alert queue' });
  await keepScreenshot(page, testInfo, 'alerts-desktop.png', { fullPage: true });

  // Import: the case opens, holding the alert's observables.
  await card.getByRole('button', { name: 'Import as case' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import as a case' });
  await dialog.getByLabel('Category').click();
  await page.getByRole('option', { name: 'Phishing' }).click();
  await expectAccessible(page, testInfo, { label: 'import dialog' });
  await dialog.getByRole('button', { name: 'Open the case' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: `Phishing: Dział Płac ${tag}` })).toBeVisible();
  await page.getByRole('tab', { name: 'Observables' }).click();
  await expect(page.getByRole('region', { name: 'Observables' }).getByTestId('observable-row')).toHaveCount(2);

  // Ignore the scanner's alert, with the reason.
  await goTo(page, 'Alerts');
  const scan = page.getByRole('article', { name: `Port scan from our scanner ${tag}` });
  await scan.getByRole('button', { name: 'Ignore' }).click();
  const ignore = page.getByRole('dialog', { name: 'Ignore the alert' });
  await ignore.getByRole('textbox', { name: 'Reason' }).fill('Our own vulnerability scanner, weekly run');
  await ignore.getByRole('button', { name: 'Ignore' }).click();
  await expect(ignore).toBeHidden();
  await expect(scan).toBeHidden();

  // The status tabs: the label is what a person clicks (the radio itself is visually hidden).
  await page.locator('label[for$="-imported"]').click();
  await expect(page).toHaveURL(/status=imported/);
  await expect(card.getByText('Imported into')).toBeVisible();
  await page.locator('label[for$="-ignored"]').click();
  await expect(scan.getByText('Ignored: Our own vulnerability scanner, weekly run')).toBeVisible();
});
