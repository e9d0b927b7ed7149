// Observables in a real browser against a real server (issue 23): a responder pastes a phishing report with
// defanged values, keeps what they want and adds it in one go; a second case holding the same domain makes it
// "seen in 1 other case", and the search across cases finds both; an auditor reads the list without any write
// action. Each step passes axe, and the case page and the search fit a phone.
import type { Page } from '@playwright/test';

import { expectAccessible } from './axe';
import { expect, keepScreenshot, test } from './fixtures';
import { api, login, signInAs } from './people';

/** fitsWidth checks that the page does not scroll sideways, naming the elements that stick out when it does. */
async function fitsWidth(page: Page) {
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${Array.from(e.classList).join('.')} ${Math.round(e.getBoundingClientRect().right)}`,
      );
  });
  expect(wide, 'elements wider than the page').toEqual([]);
}

const newCase = (title: string) => {
  const now = new Date().toISOString();
  return {
    title,
    category: 'phishing',
    severity: 'high',
    detected_at: now,
    aware_at: now,
    personal_data_involved: false,
  };
};

test('a responder pastes a phishing report, adds what it holds, and finds the domain in another case', async ({
  page,
  request,
  people,
}, testInfo) => {
  test.setTimeout(120_000);
  const tag = `${people.suffix}${Date.now().toString(36)}`;
  const domain = `update-${tag}.com`;
  const token = await login(request, people.responder.email, people.responder.password);
  const first = await api<{ id: string; reference: string }>(
    request,
    token,
    'POST',
    '/cases',
    newCase(`Phishing: kampania płacowa ${tag}`),
  );

  await signInAs(page, people.responder);
  await page.goto(`/cases/${first.id}?tab=observables`);
  const section = page.getByRole('region', { name: 'Observables' });
  await expect(section.getByText('No observables yet')).toBeVisible();

  // Paste the report: values defanged, Polish and Arabic around them.
  await section.getByRole('button', { name: 'Paste to add' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste to add observables' });
  await dialog
    .getByRole('textbox', { name: 'Pasted text' })
    .fill(
      [
        'Zgłoszenie phishingu / بلاغ تصيد',
        `Nadawca: "Dział Płac" <kadry@p1ace-firma-${tag}[.]pl>`,
        `Link: hxxps://login-${tag}[.]pl/owa/auth.owa?x=1`,
        `Pobierz aktualizację z update-${tag}[.]com, C2: 203.0.113[.]7`,
        'Załącznik faktura.pdf.exe',
      ].join('\n'),
    );
  await dialog.getByRole('button', { name: 'Find observables' }).click();
  await expect(dialog.getByTestId('preview-summary')).toHaveText('Found 5 values. Uncheck any you do not want to add.');
  const rows = dialog.getByTestId('candidate-row');
  await expect(rows).toHaveCount(5);
  await expect(dialog.getByText(`kadry@p1ace-firma-${tag}.pl`, { exact: true })).toBeVisible();
  await expect(dialog.getByText(`https://login-${tag}.pl/owa/auth.owa?x=1`, { exact: true })).toBeVisible();
  await expect(dialog.getByText(domain, { exact: true })).toBeVisible();
  await expect(dialog.getByRole('checkbox', { name: /^Add / })).toHaveCount(5);
  for (const box of await dialog.getByRole('checkbox', { name: /^Add / }).all()) await expect(box).toBeChecked();
  await expectAccessible(page, testInfo, { label: 'paste preview' });
  await keepScreenshot(page, testInfo, 'paste-preview-desktop.png');

  // Leave the file name out, mark the rest as indicators with a tag, and add them: one request.
  await dialog.getByRole('checkbox', { name: 'Add File name faktura.pdf.exe' }).uncheck();
  await dialog.getByRole('checkbox', { name: 'Indicator of compromise' }).check();
  await dialog.getByLabel('Tags').fill('kampania-płac');
  await dialog.getByLabel('Tags').press('Enter');
  const writes: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && r.url().includes('/observables')) writes.push(new URL(r.url()).pathname);
  });
  const bulk = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/observables/bulk'));
  await dialog.getByRole('button', { name: 'Add 4 observables' }).click();
  const added = (await (await bulk).json()) as { items: { merged: boolean }[] };
  expect(added.items.map((i) => i.merged)).toEqual([false, false, false, false]);
  await expect(dialog).toBeHidden();
  expect(writes).toEqual([`/api/v1/cases/${first.id}/observables/bulk`]);
  await expect(section.getByTestId('observables-report')).toHaveText('Added 4 observables.');

  const listed = section.getByTestId('observable-row');
  await expect(listed).toHaveCount(4);
  await expect(section.getByText('faktura.pdf.exe')).toHaveCount(0);
  const domainRow = listed.filter({ hasText: domain });
  await expect(domainRow.getByText('TLP:AMBER')).toBeVisible();
  await expect(domainRow.getByText('kampania-płac')).toBeVisible();
  await expect(domainRow.getByText('Not seen in other cases')).toBeVisible();
  // The URL is text, never a link.
  await expect(section.getByRole('link', { name: /login-/ })).toHaveCount(0);
  await expectAccessible(page, testInfo, { label: 'case observables' });
  await keepScreenshot(section, testInfo, 'case-observables-desktop.png');

  // A second case holds the same domain (added defanged): each case now says the other has it.
  const second = await api<{ id: string; reference: string }>(
    request,
    token,
    'POST',
    '/cases',
    newCase(`Второй: حملة تصيد ${tag}`),
  );
  await api(request, token, 'POST', `/cases/${second.id}/observables`, {
    type: 'domain',
    value: `update-${tag}[.]com`,
  });
  await page.reload();
  const seen = domainRow.getByRole('link', { name: 'Seen in 1 other case' });
  await expect(seen).toBeVisible();

  // The count leads to the search across cases, which finds both.
  await seen.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Observables' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/observables\\?value=update-${tag}\\.com$`));
  const found = page.getByTestId('sighting-row');
  await expect(found).toHaveCount(2);
  await expect(found.nth(0).getByRole('link', { name: second.reference })).toBeVisible();
  await expect(found.nth(1).getByRole('link', { name: first.reference })).toBeVisible();
  await expect(found.nth(1)).toContainText(`Phishing: kampania płacowa ${tag}`);
  await expectAccessible(page, testInfo, { label: 'observable search' });
  await keepScreenshot(page, testInfo, 'search-desktop.png', { fullPage: true });

  // A defanged search finds the same, and a case's reference opens its observables.
  await page.getByRole('textbox', { name: 'Value' }).fill(`UPDATE-${tag}[.]com`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/value=UPDATE-/);
  await expect(found).toHaveCount(2);

  // On a phone: the search, the case's list and the paste preview fit, without sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(found).toHaveCount(2);
  await fitsWidth(page);
  await keepScreenshot(page, testInfo, 'search-phone.png', { fullPage: true });
  await found.nth(1).getByRole('link', { name: first.reference }).click();
  await expect(section.getByTestId('observable-row')).toHaveCount(4);
  await fitsWidth(page);
  await keepScreenshot(section, testInfo, 'case-observables-phone.png');
  // By keyboard: the dialog opens on the text, the preview takes the focus, Escape leaves it (nothing added).
  await section.getByRole('button', { name: 'Paste to add' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('textbox', { name: 'Pasted text' })).toBeFocused();
  await page.keyboard.insertText(`again: update-${tag}[.]com and 198.51.100[.]23`);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Find observables' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('preview-summary')).toBeFocused();
  const again = dialog.getByTestId('candidate-row');
  await expect(again).toHaveCount(2);
  await expect(again.filter({ hasText: domain }).getByText('Already on this case — will merge')).toBeVisible();
  await expect(again.filter({ hasText: domain }).getByText('Seen in 1 other case')).toBeVisible();
  await keepScreenshot(page, testInfo, 'paste-preview-phone.png');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(section.getByTestId('observable-row')).toHaveCount(4);
});

test('an auditor reads a case’s observables and finds no way to change them', async ({ page, request, people }) => {
  test.setTimeout(60_000);
  const tag = `${people.suffix}${Date.now().toString(36)}`;
  const token = await login(request, people.responder.email, people.responder.password);
  const c = await api<{ id: string }>(request, token, 'POST', '/cases', newCase(`Audited phishing ${tag}`));
  await api(request, token, 'POST', `/cases/${c.id}/observables/bulk`, {
    items: [
      { type: 'url', value: `hxxp://pay-${tag}[.]com/a`, tlp: 'red', ioc: true },
      { type: 'md5', value: 'D41D8CD98F00B204E9800998ECF8427E' },
    ],
  });

  await signInAs(page, people.auditor);
  await page.goto(`/cases/${c.id}`);
  await page.getByRole('tab', { name: 'Observables' }).click();
  const section = page.getByRole('region', { name: 'Observables' });
  await expect(section.getByTestId('observable-row')).toHaveCount(2);
  await expect(section.getByText(`http://pay-${tag}.com/a`, { exact: true })).toBeVisible();
  await expect(section.getByText('TLP:RED')).toBeVisible();
  await expect(section.getByRole('button', { name: 'Add observable' })).toHaveCount(0);
  await expect(section.getByRole('button', { name: 'Paste to add' })).toHaveCount(0);
  await expect(section.getByRole('button', { name: /^(Edit|Remove)/ })).toHaveCount(0);
  // The copy buttons and the export are all there is to press.
  const buttons = (await section.getByRole('button').all()).length;
  await expect(section.getByRole('button', { name: 'Copy the value' })).toHaveCount(buttons - 1);

  // Auditors export: the red indicator is left out unless chosen, and the page says so.
  const download = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Export' }).click();
  await page.getByRole('menuitem', { name: 'Indicators as STIX 2.1', exact: true }).click();
  expect((await download).suggestedFilename()).toMatch(/^INC-\d{4}-\d{4,}-indicators\.stix\.json$/);
  await expect(section.getByTestId('observables-report')).toContainText('1 TLP:RED value was left out.');
});
