// The Chronology tab in a real browser against a real server: a backdated entry reads before the
// entries that happened after it and is marked as recorded later, it is corrected with a reason,
// another is retracted (kept, struck through), and the tab passes axe.
import type { APIRequestContext } from '@playwright/test';

import { expectAccessible } from './axe';
import { localInput } from './dates';
import { ADMIN_EMAIL, expect, signIn, test } from './fixtures';

async function adminToken(request: APIRequestContext, password: string): Promise<string> {
  const login = await request.post('/api/v1/auth/login', { data: { email: ADMIN_EMAIL, password } });
  expect(login.status()).toBe(200);
  return ((await login.json()) as { access_token: string }).access_token;
}

test('a backdated chronology entry reads first, is marked recorded later, is corrected, and another is retracted', async ({
  page,
  request,
  adminPassword,
}, testInfo) => {
  test.setTimeout(60_000);
  const word = `Quokka${Date.now()}`; // this spec's own word: no other spec's data matches it
  const headers = { Authorization: `Bearer ${await adminToken(request, adminPassword)}` };
  const now = Date.now();
  const created = await request.post('/api/v1/cases', {
    headers,
    data: {
      title: `Chronology ${word}`,
      category: 'malware',
      severity: 'high',
      detected_at: new Date(now - 2 * 3600_000).toISOString(),
      aware_at: new Date(now - 3600_000).toISOString(),
      personal_data_involved: false,
    },
  });
  expect(created.status()).toBe(201);
  const caseId = ((await created.json()) as { id: string }).id;
  const upload = await request.post(`/api/v1/cases/${caseId}/evidence`, {
    headers,
    multipart: {
      title: `Beacon capture ${word}`,
      kind: 'network_capture',
      file: { name: 'beacon.pcap', mimeType: 'application/octet-stream', buffer: Buffer.from('pcap bytes') },
    },
  });
  expect(upload.status()).toBe(201);
  const contained = await request.post(`/api/v1/cases/${caseId}/chronology`, {
    headers,
    data: {
      kind: 'containment',
      occurred_at: new Date(now - 10 * 60_000).toISOString(),
      body: `Quarantine VLAN applied ${word}`,
    },
  });
  expect(contained.status()).toBe(201);

  await page.goto(`/cases/${caseId}`);
  await signIn(page, adminPassword);
  await page.getByRole('tab', { name: 'Chronology' }).click();
  const entries = page.getByTestId('chronology-entry');
  await expect(entries).toHaveCount(1);

  // Backdate an entry three days, in the browser's time zone, pointing to the capture.
  await page.getByRole('button', { name: 'Add entry' }).click();
  const add = page.getByRole('dialog', { name: 'Add to the chronology' });
  await add.getByLabel('When it happened').fill(localInput(-3));
  await add.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Detection' }).click();
  await add.getByRole('combobox', { name: 'Evidence' }).click();
  await page.getByRole('option', { name: `Beacon capture ${word}` }).click();
  await add.getByRole('textbox', { name: 'What happened' }).fill(`First beacon to the C2 host ${word}`);
  await add.getByRole('button', { name: 'Add entry' }).click();
  await expect(add).toBeHidden();

  // It happened first, so it reads first, marked as recorded later; the entry recorded in time is not.
  await expect(entries).toHaveCount(2);
  const first = entries.nth(0);
  const second = entries.nth(1);
  await expect(first).toContainText(`First beacon to the C2 host ${word}`);
  await expect(first).toContainText('Detection');
  await expect(first.getByTestId('recorded-later')).toHaveText(/recorded [23] days later/);
  await expect(first.getByRole('button', { name: `Beacon capture ${word}` })).toBeVisible();
  await expect(second).toContainText(`Quarantine VLAN applied ${word}`);
  await expect(second.getByTestId('recorded-later')).toHaveCount(0);
  await expectAccessible(page, testInfo, { label: 'chronology tab' });

  // Correct it with a reason.
  await first.getByRole('button', { name: 'Correct' }).click();
  const correct = page.getByRole('dialog', { name: 'Correct the entry' });
  await correct.getByRole('textbox', { name: 'What happened' }).fill(`First beacon to 203.0.113.7 ${word}`);
  await correct.getByRole('textbox', { name: 'Reason for the correction' }).fill('The host was identified');
  await correct.getByRole('button', { name: 'Save correction' }).click();
  await expect(correct).toBeHidden();
  await expect(first).toContainText(`First beacon to 203.0.113.7 ${word}`);
  await expect(first).toContainText('Corrected');

  // Retract the other: it stays, struck through, with the reason.
  await second.getByRole('button', { name: 'Retract' }).click();
  const retract = page.getByRole('dialog', { name: 'Retract the entry' });
  await retract.getByRole('textbox', { name: 'Reason' }).fill('Recorded on the wrong case');
  await retract.getByRole('button', { name: 'Retract entry' }).click();
  await expect(retract).toBeHidden();
  await expect(second).toHaveAttribute('data-retracted', 'true');
  await expect(second).toContainText('Recorded on the wrong case');
  await expect(second.getByRole('button', { name: 'Correct' })).toHaveCount(0);
  await expectAccessible(page, testInfo, { label: 'chronology tab after changes' });

  // The case's timeline tells the four changes: two entries added, one corrected, one retracted.
  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(page.locator('[data-testid="timeline-item"][data-kind="chronology"]')).toHaveCount(4);
});
