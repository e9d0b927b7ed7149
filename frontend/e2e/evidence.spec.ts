// The Evidence tab in a real browser against a real server: upload a file and see the hash the
// server computed equal the file's own, record a hand-over, verify, and download the same bytes.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import type { APIRequestContext } from '@playwright/test';

import { ADMIN_EMAIL, expect, keepScreenshot, signIn, test } from './fixtures';

async function adminToken(request: APIRequestContext, password: string): Promise<string> {
  const login = await request.post('/api/v1/auth/login', { data: { email: ADMIN_EMAIL, password } });
  expect(login.status()).toBe(200);
  return ((await login.json()) as { access_token: string }).access_token;
}

async function createCase(request: APIRequestContext, token: string): Promise<string> {
  const now = Date.now();
  const created = await request.post('/api/v1/cases', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      title: `Evidence e2e ${now}`,
      summary: 'Suspicious outbound traffic from the revalidation toolkit.',
      category: 'malware',
      severity: 'high',
      detected_at: new Date(now - 3 * 3600_000).toISOString(),
      aware_at: new Date(now - 2 * 3600_000).toISOString(),
      personal_data_involved: false,
    },
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

test('uploads evidence, shows its real SHA-256, records a hand-over, verifies and downloads the same bytes', async ({
  page,
  request,
  adminPassword,
}, testInfo) => {
  test.setTimeout(60_000); // a file goes up, through a hand-over and a verification, and comes back down
  const caseId = await createCase(request, await adminToken(request, adminPassword));
  // Random bytes: the hash cannot be right by accident, and nothing sniffs them as text.
  const bytes = Buffer.concat([Buffer.from('caseward e2e evidence\n'), randomBytes(256 * 1024)]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  await page.goto(`/cases/${caseId}`);
  await signIn(page, adminPassword);
  await page.getByRole('tab', { name: 'Evidence' }).click();
  await expect(page.getByText('No evidence yet')).toBeVisible();

  // Upload: the browser's hash is shown before sending, and the server checks it.
  await page.getByRole('button', { name: 'Add evidence' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add evidence' });
  await dialog
    .getByLabel('Evidence file', { exact: true })
    .setInputFiles({ name: 'fw01-egress.log', mimeType: 'application/octet-stream', buffer: bytes });
  await expect(dialog.getByTestId('browser-sha256')).toHaveText(sha256);
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Firewall egress log');
  await dialog.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Log' }).click();
  await dialog.getByRole('textbox', { name: 'Source' }).fill('fw01:/var/log/egress.log');
  await dialog.getByRole('button', { name: 'Upload' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId('evidence-row').filter({ hasText: 'Firewall egress log' });
  await expect(row).toContainText('Log');
  await expect(row).toContainText('256 KiB');
  await expect(row.getByTestId('evidence-hash')).toHaveText(`${sha256.slice(0, 12)}…`);
  await expect(row).toContainText('Never verified');

  // The item: its full hash as computed by the server equals the file's own.
  await row.getByRole('button', { name: 'Firewall egress log' }).click();
  const drawer = page.getByRole('dialog', { name: 'Firewall egress log' });
  await expect(drawer.getByTestId('evidence-full-hash')).toHaveText(sha256);
  await expect(drawer.getByTestId('custody-event')).toHaveCount(1);
  await expect(drawer.getByTestId('custody-event').first()).toHaveAttribute('data-action', 'collected');

  // Record a transfer in a zone other than UTC: shown in that zone and in UTC.
  await drawer.getByRole('button', { name: 'Record hand-over' }).click();
  const form = drawer.getByRole('form', { name: 'Record hand-over' });
  await form.getByRole('textbox', { name: 'From' }).fill('J. Smith, SOC');
  await form.getByRole('textbox', { name: 'To' }).fill('Forensics lab, locker 4');
  await form.getByRole('textbox', { name: 'Location' }).fill('Leeds office');
  await form.getByRole('textbox', { name: 'Purpose' }).fill('Disk imaging');
  await form.getByRole('combobox', { name: 'Time zone' }).fill('Europe/Berlin');
  await form.getByRole('textbox', { name: 'Note' }).fill('Sealed bag 0042');
  await form.getByRole('button', { name: 'Record hand-over' }).click();
  await expect(form).toBeHidden();
  const transfer = drawer.locator('[data-testid="custody-event"][data-action="transferred"]');
  await expect(transfer).toContainText('J. Smith, SOC → Forensics lab, locker 4');
  await expect(transfer).toContainText('Location: Leeds office');
  await expect(transfer).toContainText('Purpose: Disk imaging');
  await expect(transfer).toContainText(/Europe\/Berlin \(UTC\+0[12]:00\)/);
  await expect(transfer).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  await expect(transfer).toContainText('Sealed bag 0042');

  // Verify: the stored bytes still hash to the recorded value.
  await drawer.getByRole('button', { name: 'Verify integrity' }).click();
  await expect(drawer.getByTestId('verify-result')).toContainText('Integrity verified: SHA-256 matches');
  await expect(drawer.locator('[data-testid="custody-event"][data-action="verified"]')).toContainText(
    'SHA-256 matches',
  );
  await expect(row).toContainText('Verified OK');

  // Download: the same bytes come back, and the download is in the chain of custody.
  await drawer.getByRole('button', { name: 'Download' }).click();
  const ask = page.getByRole('dialog', { name: 'Download evidence' });
  await ask.getByRole('textbox', { name: 'Purpose' }).fill('Court bundle');
  const downloading = page.waitForEvent('download');
  await ask.getByRole('button', { name: 'Download file' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('fw01-egress.log');
  const saved = await readFile(await download.path());
  expect(createHash('sha256').update(saved).digest('hex')).toBe(sha256);
  expect(saved.equals(bytes)).toBe(true);
  await expect(drawer.getByTestId('download-result')).toContainText('its SHA-256 matches the record');
  await expect(drawer.locator('[data-testid="custody-event"][data-action="accessed"]')).toContainText(
    'Purpose: Court bundle',
  );

  await keepScreenshot(page, testInfo, 'evidence-drawer.png', { fullPage: true });
});
