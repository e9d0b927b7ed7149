// Exports in the browser: an auditor exports a case by reference as PDF and JSON and the audit log
// as JSON lines and as a CSV zip from /exports (a PDF with its .sig, no extra click; the zip alone);
// the files are checked with pdftotext and `caseward export verify`, and a one-byte change to the
// JSON bundle is caught.
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Download } from '@playwright/test';

import { run, save, saveAll, type Saved } from './exportfiles';
import { casewardBinary } from './server';
import { expect, keepScreenshot, test } from './fixtures';
import { api, signInAs } from './people';

let dir = '';
test.beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'caseward-exports-'));
});
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('an auditor exports a case and the audit log, and the files verify', async ({
  page,
  people,
  request,
}, testInfo) => {
  test.setTimeout(60_000);
  // A case with some history: opened, triaged with a note, an update note.
  const now = new Date().toISOString();
  const c = await api<{ id: string; reference: string; title: string }>(request, people.adminToken, 'POST', '/cases', {
    title: `Exfiltration from the grants portal ${people.suffix}`,
    category: 'data_leak',
    severity: 'high',
    department_id: people.home.id,
    detected_at: now,
    aware_at: now,
    personal_data_involved: true,
  });
  await api(request, people.adminToken, 'POST', `/cases/${c.id}/transitions`, {
    to: 'triage',
    note: 'Triaged by the duty officer.',
  });
  await api(request, people.adminToken, 'POST', `/cases/${c.id}/notes`, {
    kind: 'update',
    body: 'Outbound traffic blocked at the firewall.',
  });

  await signInAs(page, people.auditor);
  await page.goto('/exports');
  await expect(page.getByRole('heading', { name: 'Exports', level: 1 })).toBeVisible();

  // Find the case by its reference.
  await page.getByLabel('Case reference').fill(c.reference.toLowerCase());
  await page.getByRole('button', { name: 'Find' }).click();
  const match = page.getByTestId('case-match');
  await expect(match).toContainText(c.reference);
  await expect(match).toContainText(c.title);

  // PDF: its first page names the case; its .sig downloads right after it, and the two verify together.
  const [pdf, sig] = (await saveAll(page, dir, 2, () => match.getByRole('button', { name: 'PDF report' }).click())) as [
    Saved,
    Saved,
  ];
  expect(path.basename(pdf.file)).toMatch(new RegExp(`^${c.reference}-\\d{8}T\\d{6}Z\\.pdf$`));
  expect(sig.file).toBe(`${pdf.file}.sig`);
  const result = page.getByTestId('export-result');
  await expect(result).toContainText(path.basename(pdf.file));
  await expect(result).toContainText(path.basename(sig.file));
  await expect(result.getByTestId('export-manifest')).toContainText(people.auditor.email);
  await expect(result.getByRole('button', { name: 'Save signature' })).toHaveCount(0);
  const pageOne = await run('/usr/bin/pdftotext', ['-f', '1', '-l', '1', pdf.file, '-']);
  expect(pageOne.code, pageOne.output).toBe(0);
  expect(pageOne.output).toContain(c.reference);

  const keys = await api<{ items: { id: string; public_key: string }[] }>(
    request,
    people.adminToken,
    'GET',
    '/export-keys',
  );
  const keyFor = (id: string) => {
    const key = keys.items.find((k) => k.id === id);
    expect(key, `export key ${id} is published`).toBeTruthy();
    return key?.public_key ?? '';
  };

  const detached = JSON.parse(await readFile(sig.file, 'utf8')) as { key_id: string };
  const pdfCheck = await run(casewardBinary, [
    'export',
    'verify',
    '--public-key',
    keyFor(detached.key_id),
    pdf.file,
    sig.file,
  ]);
  expect(pdfCheck.code, pdfCheck.output).toBe(0);

  await result.getByRole('button', { name: 'How to verify' }).click();
  await expect(result.getByTestId('verify-hint')).toContainText(
    `caseward export verify ${path.basename(pdf.file)} ${path.basename(sig.file)}`,
  );

  // JSON bundle: verifies as saved; one byte changed inside its content does not.
  const bundle = await save(page, dir, () => match.getByRole('button', { name: 'JSON bundle' }).click());
  expect(path.basename(bundle.file)).toMatch(/\.json$/);
  await expect(result).toContainText(path.basename(bundle.file));
  const text = await readFile(bundle.file, 'utf8');
  const parsed = JSON.parse(text) as {
    content: { case: { reference: string } };
    manifest: { key_id: string; case_reference: string };
  };
  expect(parsed.content.case.reference).toBe(c.reference);
  expect(parsed.manifest.case_reference).toBe(c.reference);
  const publicKey = keyFor(parsed.manifest.key_id);
  const good = await run(casewardBinary, ['export', 'verify', '--public-key', publicKey, bundle.file]);
  expect(good.code, good.output).toBe(0);
  expect(good.output).toContain('valid');

  const at = text.indexOf('Exfiltration');
  expect(at).toBeGreaterThan(0);
  expect(at).toBeLessThan(text.indexOf('"manifest":'));
  const tampered = path.join(dir, 'tampered.json');
  await writeFile(tampered, `${text.slice(0, at)}e${text.slice(at + 1)}`);
  const bad = await run(casewardBinary, ['export', 'verify', '--public-key', publicKey, tampered]);
  expect(bad.code, bad.output).toBe(1);
  expect(bad.output).toContain('NOT VALID');

  // CSV zip: one download (SIGNATURE.json is inside), which the CLI and the browser's check both accept.
  const [zip] = (await saveAll(page, dir, 1, () => match.getByRole('button', { name: 'CSV (zip)' }).click())) as [
    Saved,
  ];
  expect(path.basename(zip.file)).toMatch(/\.zip$/);
  const zipCheck = await run(casewardBinary, ['export', 'verify', '--public-key', publicKey, zip.file]);
  expect(zipCheck.code, zipCheck.output).toBe(0);
  await page.locator('#check').getByLabel('Files to check').setInputFiles([zip.file]);
  await expect(page.getByTestId('check-verdict')).toContainText(`Valid: case export (CSV) of ${c.reference}`);

  // The audit log as JSON lines: the chain check on screen, and the file verifies.
  const log = await save(page, dir, () => page.getByRole('button', { name: 'Export audit log' }).click());
  expect(path.basename(log.file)).toMatch(/^caseward-audit-.*\.jsonl$/);
  const check = page.getByTestId('chain-check');
  await expect(check).toContainText('Chain valid');
  await expect(check).toContainText(/valid with \d[\d,]* events/);
  const logCheck = await run(casewardBinary, ['export', 'verify', '--public-key', publicKey, log.file]);
  expect(logCheck.code, logCheck.output).toBe(0);

  // The audit log as CSV: one zip (audit_events.csv and SIGNATURE.json), no .sig; the chain check its
  // manifest signs on screen, in the browser's check, and from the CLI run in an empty folder.
  await page.locator('label[for$="-csv"]').click();
  await expect(page.getByRole('radio', { name: 'CSV', exact: true })).toBeChecked();
  const got: Download[] = [];
  const onDownload = (d: Download) => got.push(d);
  page.on('download', onDownload);
  const auditZip = await save(page, dir, () => page.getByRole('button', { name: 'Export audit log' }).click());
  expect(path.basename(auditZip.file)).toMatch(/^caseward-audit-\d{8}T\d{6}Z\.zip$/);
  const auditResult = page.getByTestId('export-result').filter({ hasText: 'caseward-audit-' });
  await expect(auditResult).toContainText(`${path.basename(auditZip.file)} (`);
  await expect(auditResult).toContainText('The signature is inside the file.');
  await expect(auditResult.getByTestId('chain-check')).toContainText(/Chain valid with \d[\d,]* events/);
  expect((await readFile(auditZip.file)).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');

  await page.locator('#check').getByLabel('Files to check').setInputFiles([auditZip.file]);
  const verdict = page.getByTestId('check-verdict');
  await expect(verdict).toContainText('Valid: audit log export (CSV) of the whole log');
  await expect(verdict).toContainText(/Chain check: valid, \d[\d,]* events checked/);

  const empty = await mkdtemp(path.join(tmpdir(), 'caseward-received-'));
  try {
    await copyFile(auditZip.file, path.join(empty, path.basename(auditZip.file)));
    const zipRun = await run(casewardBinary, ['export', 'verify', path.basename(auditZip.file)], empty);
    expect(zipRun.code, zipRun.output).toBe(0);
    expect(zipRun.output).toContain('valid: audit export (csv) of the audit log (all of it)');
    expect(zipRun.output).toContain('files: audit_events.csv');
    expect(zipRun.output).toMatch(/chain check: valid, \d+ events checked/);
    expect(await readdir(empty)).toEqual([path.basename(auditZip.file)]); // it created nothing
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
  // By now a second download (a .sig), were there one, would have come: there was none.
  page.off('download', onDownload);
  expect(got.map((d) => d.suggestedFilename())).toEqual([path.basename(auditZip.file)]);

  await keepScreenshot(page, testInfo, 'exports.png', { fullPage: true });
});
