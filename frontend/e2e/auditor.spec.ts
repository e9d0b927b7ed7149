// The auditor's story (issue 18): export a case as PDF (the .sig comes with it, no extra click) and
// as a JSON bundle; verify both with `caseward export verify` in an empty folder on a machine
// without the installation's data; then check a file in the browser with "Check a file I received".
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { save, saveAll, verifyOffline } from './exportfiles';
import { expect, keepScreenshot, test } from './fixtures';
import { api, signInAs } from './people';

let dir = '';
test.beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'caseward-auditor-'));
});
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("the auditor's story: export as PDF and JSON, verify offline, check in the browser", async ({
  page,
  people,
  request,
}, testInfo) => {
  test.setTimeout(90_000);
  const now = new Date().toISOString();
  const c = await api<{ id: string; reference: string }>(request, people.adminToken, 'POST', '/cases', {
    title: `Credential stuffing on the staff portal ${people.suffix}`,
    category: 'unauthorised_access',
    severity: 'high',
    department_id: people.home.id,
    detected_at: now,
    aware_at: now,
    personal_data_involved: true,
  });
  await api(request, people.adminToken, 'POST', `/cases/${c.id}/notes`, {
    kind: 'decision',
    body: 'Łukasz Żółkiewski reset every affected password.',
  });
  const keys = await api<{ items: { id: string; public_key: string; fingerprint?: string }[] }>(
    request,
    people.adminToken,
    'GET',
    '/export-keys',
  );
  const fingerprints = keys.items.map(
    (k) => k.fingerprint ?? createHash('sha256').update(Buffer.from(k.public_key, 'base64')).digest('hex'),
  );

  await signInAs(page, people.auditor);
  await page.goto('/exports');
  await page.getByLabel('Case reference').fill(c.reference);
  await page.getByRole('button', { name: 'Find' }).click();
  const match = page.getByTestId('case-match');
  await expect(match).toContainText(c.reference);

  // PDF: two downloads from one click, the report and its signature.
  const [pdf, sig] = (await saveAll(page, dir, 2, () => match.getByRole('button', { name: 'PDF report' }).click())).map(
    (d) => d.file,
  );
  expect(path.basename(pdf ?? '')).toMatch(new RegExp(`^${c.reference}-\\d{8}T\\d{6}Z\\.pdf$`));
  expect(sig).toBe(`${pdf}.sig`);
  const sigFile = JSON.parse(await readFile(sig ?? '', 'utf8')) as Record<string, string>;
  expect(Object.keys(sigFile)).toEqual(['manifest_base64', 'signature_base64', 'key_id', 'key_fingerprint']);
  expect(fingerprints).toContain(sigFile.key_fingerprint);
  await expect(page.getByTestId('export-result')).toContainText(`${path.basename(pdf ?? '')}.sig`);

  // JSON bundle: one download, its signature inside.
  const { file: bundle } = await save(page, dir, () => match.getByRole('button', { name: 'JSON bundle' }).click());
  expect(path.basename(bundle ?? '')).toMatch(/\.json$/);

  // Offline, in an empty folder, with no data: both verify, name the case and the key's fingerprint, and leave nothing behind.
  for (const files of [[pdf ?? '', sig ?? ''], [bundle ?? '']]) {
    const result = await verifyOffline(files);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(c.reference);
    expect(result.output).toMatch(/[0-9a-f]{64}/);
    expect(
      fingerprints.some((f) => result.output.includes(f)),
      result.output,
    ).toBe(true);
    expect(result.left).toEqual(files.map((f) => path.basename(f)).sort());
  }

  // In the browser: the PDF and its .sig check as valid; a changed bundle does not.
  const check = page.locator('#check');
  await check.getByLabel('Files to check').setInputFiles([pdf ?? '', sig ?? '']);
  const verdict = check.getByTestId('check-verdict');
  await expect(verdict).toHaveAttribute('data-valid', 'true');
  await expect(verdict).toContainText(`Valid: case export (PDF) of ${c.reference}`);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await expect(verdict).toContainText(
    new RegExp(
      `made \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d UTC by (${esc(people.auditor.name)}|${esc(people.auditor.email)})`,
    ),
  );
  await expect(verdict).toContainText(
    new RegExp(`signed with this installation's key [\\w.-]+ \\(fingerprint (${fingerprints.join('|')})\\)`),
  );
  await verdict.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'check-valid-1280.png');
  await page.setViewportSize({ width: 390, height: 844 });
  await verdict.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'check-valid-390.png');
  await page.setViewportSize({ width: 1280, height: 800 });

  const text = await readFile(bundle ?? '', 'utf8');
  const at = text.indexOf('Credential stuffing');
  const changed = path.join(dir, 'changed.json');
  await writeFile(changed, `${text.slice(0, at)}c${text.slice(at + 1)}`);
  await check.getByLabel('Files to check').setInputFiles([changed]);
  await expect(verdict).toHaveAttribute('data-valid', 'false');
  await expect(verdict).toContainText(
    'Not valid: the file was changed after it was signed (its SHA-256 does not match).',
  );
});
