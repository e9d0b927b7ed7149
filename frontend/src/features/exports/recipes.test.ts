/// <reference types="node" />
// The "How to verify" openssl recipes, run for real with openssl, jq, unzip and sha256sum on
// exports laid out as Caseward writes them and signed with a real Ed25519 key.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { encodeBase64 } from './check/bytes';
import { bundle, csvZip, detachedExport, jsonLines, makeKey, pdfBytes, STAMP } from './check/testExports';
import { verifyCommands, type VerifiableFormat } from './verifyCommands';

const dir = mkdtempSync(path.join(tmpdir(), 'caseward-recipes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = await makeKey();
// An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte prefix and the raw key (RFC 8410).
const spki = new Uint8Array([
  0x30,
  0x2a,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x03,
  0x21,
  0x00,
  ...key.published.publicKey,
]);
writeFileSync(
  path.join(dir, 'key.pem'),
  `-----BEGIN PUBLIC KEY-----\n${encodeBase64(spki)}\n-----END PUBLIC KEY-----\n`,
);

function runRecipe(format: VerifiableFormat, name: string): string {
  const work = mkdtempSync(path.join(dir, `${format}-`));
  execFileSync('cp', [
    path.join(dir, 'key.pem'),
    path.join(dir, name),
    ...(format === 'pdf' ? [path.join(dir, `${name}.sig`)] : []),
    work,
  ]);
  const script = verifyCommands(format, name).openssl;
  return execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: work,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** hashesAgree finds each line that is a bare SHA-256 and checks the next line starts with the same one. */
function hashesAgree(output: string): boolean {
  const lines = output.split('\n');
  const pairs = lines.flatMap((l, i) => (/^[0-9a-f]{64}$/.test(l) ? [[l, lines[i + 1] ?? '']] : []));
  return pairs.length > 0 && pairs.every(([a, b]) => b?.startsWith(`${a}  `));
}

describe('the openssl recipes of How to verify', () => {
  it('verify a PDF with its .sig', async () => {
    const name = `INC-2026-0001-${STAMP}.pdf`;
    const pdf = await detachedExport(key, pdfBytes(), { format: 'pdf' });
    writeFileSync(path.join(dir, name), pdf.body);
    writeFileSync(path.join(dir, `${name}.sig`), pdf.sig);
    const out = runRecipe('pdf', name);
    expect(out).toContain('Signature Verified Successfully');
    expect(hashesAgree(out)).toBe(true);
  });

  it('verify a JSON bundle and JSON lines', async () => {
    writeFileSync(path.join(dir, 'b.json'), await bundle(key));
    writeFileSync(path.join(dir, 'a.jsonl'), await jsonLines(key));
    for (const [format, name] of [
      ['json', 'b.json'],
      ['jsonl', 'a.jsonl'],
    ] as const) {
      const out = runRecipe(format, name);
      expect(out).toContain('Signature Verified Successfully');
      expect(hashesAgree(out)).toBe(true);
    }
  });

  it('verify a CSV zip file by file, and catch a changed file', async () => {
    writeFileSync(path.join(dir, 'c.zip'), await csvZip(key));
    const out = runRecipe('csv', 'c.zip');
    expect(out).toContain('Signature Verified Successfully');
    expect(hashesAgree(out)).toBe(true);
    expect(out).toContain('case.csv: OK');
    expect(out).toContain('notes.csv: OK');
    const { csvFiles } = await import('./check/testExports');
    const changed = await csvZip(key, [csvFiles[0]!, ['notes.csv', new TextEncoder().encode('changed')]]);
    writeFileSync(path.join(dir, 'c.zip'), changed);
    let failed = '';
    try {
      runRecipe('csv', 'c.zip');
    } catch (err) {
      failed = String((err as { stdout?: string }).stdout);
    }
    expect(failed).toContain('notes.csv: FAILED');
    expect(failed).toContain('case.csv: OK');
  });
});
