// Linked cases in the browser: link two cases as related, mark a third as a duplicate (it closes), both pages show it.
import type { Page } from '@playwright/test';

import { expectAccessible } from './axe';
import { expect, keepScreenshot, test } from './fixtures';
import { api, signInAs } from './people';

interface Created {
  id: string;
  reference: string;
  title: string;
}

/** pickCase searches the dialog's case picker for reference and picks the case. */
async function pickCase(page: Page, label: string, c: Created) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: label }).fill(c.reference);
  await page.getByRole('option', { name: `${c.reference} · ${c.title}` }).click();
}

test('a responder links two cases as related and retires a third as a duplicate', async ({
  page,
  people,
}, testInfo) => {
  const now = new Date().toISOString();
  const open = (title: string) =>
    api<Created>(page.request, people.adminToken, 'POST', '/cases', {
      title: `${title} ${people.suffix}`,
      category: 'phishing',
      severity: 'high',
      detected_at: now,
      aware_at: now,
      personal_data_involved: false,
    });
  const original = await open('Quillfeather phishing wave');
  const related = await open('Quillfeather mailbox rules');
  const duplicate = await open('Quillfeather phishing wave reported again');

  await signInAs(page, people.responder);
  await page.goto(`/cases/${original.id}`);
  const card = page.getByRole('region', { name: 'Linked cases' });
  await expect(card).toContainText('No linked cases.');

  // Related: from the card's button.
  await card.getByRole('button', { name: 'Link a case' }).click();
  const linkDialog = page.getByRole('dialog', { name: `Link ${original.reference} to another case` });
  await expect(linkDialog.getByRole('combobox', { name: `${original.reference} is` })).toHaveValue('Related to');
  await pickCase(page, 'Case', related);
  await linkDialog.getByRole('button', { name: 'Link' }).click();
  await expect(linkDialog).toBeHidden();
  await expect(card.getByTestId('case-link')).toHaveCount(1);
  await expect(card.getByTestId('case-link').first()).toContainText('Related to');
  await expect(card.getByTestId('case-link').first()).toContainText(related.reference);

  // The duplicate: from the case's menu, with a confirmation that says it closes the case.
  await page.goto(`/cases/${duplicate.id}`);
  await page.getByRole('button', { name: 'More actions on this case' }).click();
  await page.getByRole('menuitem', { name: 'Mark as duplicate of…' }).click();
  const dupDialog = page.getByRole('dialog', { name: `Mark ${duplicate.reference} as a duplicate` });
  await expect(dupDialog).toContainText(`This will close ${duplicate.reference}`);
  await pickCase(page, 'Original case', original);
  await dupDialog.getByRole('textbox', { name: 'Note' }).fill('Reported twice by the same team.');
  await dupDialog.getByRole('button', { name: 'Mark as duplicate and close' }).click();
  await expect(dupDialog).toBeHidden();
  await expect(page.getByTestId('case-status')).toHaveText('Closed');
  await expect(page.getByTestId('duplicate-of')).toHaveText(`Duplicate of ${original.reference}`);
  const dupCard = page.getByRole('region', { name: 'Linked cases' });
  await expect(dupCard.getByTestId('case-link')).toHaveCount(1);
  await expect(dupCard.getByTestId('case-link').first()).toContainText('Duplicate of');
  await expect(page.getByTestId('timeline-item').first()).toContainText(
    'closed the case as a duplicate: Reported twice by the same team.',
  );
  await expectAccessible(page, testInfo, { label: 'duplicate case page' });

  // The original shows both links from its side, and is still open.
  await page.getByTestId('duplicate-of').getByRole('link', { name: original.reference }).click();
  await expect(page.getByRole('heading', { name: original.title })).toBeVisible();
  await expect(page.getByTestId('duplicate-of')).toHaveCount(0);
  const links = page.getByRole('region', { name: 'Linked cases' }).getByTestId('case-link');
  await expect(links).toHaveCount(2);
  await expect(links.nth(0)).toContainText('Related to');
  await expect(links.nth(1)).toContainText('Has duplicate');
  await expect(links.nth(1)).toContainText(duplicate.reference);
  await expect(links.nth(1)).toContainText('Closed');
  await expect(page.getByTestId('case-status')).toHaveText('Reported');
  await keepScreenshot(page, testInfo, 'original-with-links.png', { fullPage: true });
  await expectAccessible(page, testInfo, { label: 'original case page' });

  // On a phone the card keeps its links readable, under the case's other cards.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(links.nth(1)).toBeVisible();
  await keepScreenshot(page, testInfo, 'original-phone.png', { fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The link dialog, open, is accessible too.
  await page.getByRole('region', { name: 'Linked cases' }).getByRole('button', { name: 'Link a case' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, testInfo, { label: 'link dialog' });
});
