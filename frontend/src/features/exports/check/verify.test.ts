import { describe, expect, it } from 'vitest';

import { encodeText } from './bytes';
import { publishedKeys } from './keys';
import {
  auditCsv,
  auditZip,
  bundle,
  csvFiles,
  csvZip,
  detachedExport,
  file,
  jsonLines,
  makeKey,
  pdfBytes,
  STAMP,
  zip,
} from './testExports';
import { checkExport, checkFiles } from './verify';

const key = await makeKey('export-1');
const keys = [key.published];
const pdfName = `INC-2026-0001-${STAMP}.pdf`;
const fp = key.published.fingerprint;

describe('checkExport: a PDF with its .sig', () => {
  it('is valid, and says what, when, by whom and with which published key', async () => {
    const { body, sig } = await detachedExport(key, pdfBytes(), { format: 'pdf' });
    const v = await checkExport(file(pdfName, body), file(`${pdfName}.sig`, sig), keys);
    expect(v.headline).toBe(
      `Valid: case export (PDF) of INC-2026-0001, made 5 Dec 2026 09:00 UTC by Ann Smith, signed with this installation's key export-1 (fingerprint ${fp}).`,
    );
    expect(v.valid).toBe(true);
  });

  it('is not valid when one byte of the PDF changed', async () => {
    const { body, sig } = await detachedExport(key, pdfBytes(), { format: 'pdf' });
    const changed = body.slice();
    changed[12] = (changed[12] ?? 0) ^ 1;
    const v = await checkExport(file(pdfName, changed), file(`${pdfName}.sig`, sig), keys);
    expect(v).toMatchObject({
      valid: false,
      problem: 'altered',
      headline: 'Not valid: the file was changed after it was signed (its SHA-256 does not match).',
    });
  });

  it('says so when the .sig belongs to another export', async () => {
    const other = await detachedExport(key, pdfBytes('other'), { format: 'pdf', case_reference: 'INC-2026-0002' });
    const v = await checkExport(file(pdfName, pdfBytes()), file(`${pdfName}.sig`, other.sig), keys);
    expect(v.valid).toBe(false);
    expect(v).toMatchObject({ problem: 'other-export' });
    expect(v.headline).toMatch(
      /^The signature file belongs to another export: it signs the case export \(PDF\) of INC-2026-0002/,
    );
    const csvSig = await detachedExport(key, encodeText('seq,occurred_at,actor_id\r\n'), {
      kind: 'audit',
      format: 'csv',
      chain_check: { valid: true, checked: 0, first_invalid_seq: null },
    });
    expect(await checkExport(file('report.pdf', pdfBytes()), file('x.sig', csvSig.sig), keys)).toMatchObject({
      problem: 'other-export',
    });
  });

  it('reports a key this installation does not publish, even when the signature holds', async () => {
    const stranger = await makeKey('export-1'); // same id, another key
    const { body, sig } = await detachedExport(stranger, pdfBytes(), { format: 'pdf' });
    const v = await checkExport(file(pdfName, body), file(`${pdfName}.sig`, sig), keys);
    expect(v).toMatchObject({ valid: false, problem: 'unknown-key' });
    expect(v.headline).toBe(
      `Signed by a key this installation does not publish (export-1, fingerprint ${stranger.published.fingerprint}): it is not an export of this installation.`,
    );
  });

  it('is not valid when the manifest was changed after signing', async () => {
    const { body, manifest, signature } = await detachedExport(key, pdfBytes(), { format: 'pdf' });
    const forged = encodeText(JSON.stringify({ ...manifest, exporter_name: 'Someone Else' }));
    const sig = encodeText(
      `${JSON.stringify({ manifest_base64: btoa(String.fromCharCode(...forged)), signature_base64: btoa(String.fromCharCode(...signature)), key_id: 'export-1', key_fingerprint: fp })}\n`,
    );
    const v = await checkExport(file(pdfName, body), file(`${pdfName}.sig`, sig), keys);
    expect(v).toMatchObject({ valid: false, problem: 'bad-signature' });
  });

  it('asks for the .sig when only the PDF is given', async () => {
    const v = await checkExport(file(pdfName, pdfBytes()), null, keys);
    expect(v).toMatchObject({ valid: false, problem: 'needs-signature' });
    expect(v.headline).toContain(`${pdfName}.sig`);
  });

  it('refuses a manifest whose fingerprint is not its public key', async () => {
    const { body, sig } = await detachedExport(key, pdfBytes(), { format: 'pdf', key_fingerprint: 'ab'.repeat(32) });
    const v = await checkExport(file(pdfName, body), file(`${pdfName}.sig`, sig), keys);
    expect(v).toMatchObject({
      valid: false,
      problem: 'malformed',
      headline: "Not valid: the key fingerprint in its manifest is not its public key's.",
    });
  });

  it('checks an older file (schema version 3, no key inside) with the published key its key_id names', async () => {
    const old = await detachedExport(key, pdfBytes(), { format: 'pdf' }, 3);
    const v = await checkExport(file('old.pdf', old.body), file('old.pdf.signature.json', old.sig), keys);
    expect(v.valid).toBe(true);
    expect(v.headline).toBe(
      `Valid: case export (PDF) of INC-2026-0001, made 5 Dec 2026 09:00 UTC by ann@example.org, signed with this installation's key export-1 (fingerprint ${fp}).`,
    );
    const unknown = await checkExport(file('old.pdf', old.body), file('old.pdf.sig', old.sig), [
      { ...key.published, id: 'export-2' },
    ]);
    expect(unknown).toMatchObject({ valid: false, problem: 'unknown-key' });
  });

  it('refuses a file from a newer Caseward', async () => {
    const { body, sig } = await detachedExport(key, pdfBytes(), { format: 'pdf' }, 5);
    expect(await checkExport(file(pdfName, body), file(`${pdfName}.sig`, sig), keys)).toMatchObject({
      problem: 'newer',
    });
  });
});

describe('checkExport: files that carry their signature', () => {
  it('verifies a JSON bundle, and refuses it changed or laid out anew', async () => {
    const b = await bundle(key);
    const v = await checkExport(file(`INC-2026-0001-${STAMP}.json`, b), null, keys);
    expect(v.headline).toMatch(
      /^Valid: case export \(JSON bundle\) of INC-2026-0001, made 5 Dec 2026 09:00 UTC by Ann Smith/,
    );
    const text = new TextDecoder().decode(b);
    const changed = await checkExport(
      file('b.json', text.replace('Breach', 'Brea').replace('"INC-2026-0001"}}', '"INC-2026-0009"}}')),
      null,
      keys,
    );
    expect(changed).toMatchObject({ valid: false, problem: 'altered' });
    const spaced = await checkExport(file('b.json', text.replace('{"content":', '{"content": ')), null, keys);
    expect(spaced.valid).toBe(false);
    const cut = await checkExport(file('b.json', b.slice(0, b.length - 1)), null, keys);
    expect(cut).toMatchObject({ valid: false, problem: 'malformed' });
  });

  it('verifies audit JSON lines with their signed chain check', async () => {
    const v = await checkExport(file(`caseward-audit-${STAMP}.jsonl`, await jsonLines(key)), null, keys);
    expect(v.headline).toMatch(
      /^Valid: audit log export \(JSON lines\) from 1 Dec 2026 00:00 UTC, made 5 Dec 2026 09:00 UTC by Ann Smith/,
    );
    expect(v.valid && v.notes).toEqual(['Chain check: valid, 2 events checked.']);
  });

  it('reports a broken chain the signature vouches for', async () => {
    const v = await checkExport(file('a.jsonl', await jsonLines(key, { valid: false, bad: 2 })), null, keys);
    expect(v).toMatchObject({
      valid: false,
      problem: 'broken-chain',
      headline: 'Not valid: the signature holds, but the exported events do not verify: first bad seq 2.',
    });
  });

  it('refuses JSON lines with an event changed or cut short', async () => {
    const text = new TextDecoder().decode(await jsonLines(key));
    expect(await checkExport(file('a.jsonl', text.replace('case.create', 'case.delete')), null, keys)).toMatchObject({
      problem: 'altered',
    });
    expect(await checkExport(file('a.jsonl', text.slice(0, -1)), null, keys)).toMatchObject({ valid: false });
  });

  it('says plainly when a file is no Caseward export', async () => {
    expect(await checkExport(file('notes.txt', 'hello'), null, keys)).toMatchObject({
      valid: false,
      problem: 'not-caseward',
      headline: 'Not a Caseward export.',
    });
  });
});

describe('checkExport: a case CSV zip with SIGNATURE.json', () => {
  const name = `INC-2026-0001-${STAMP}.zip`;
  it('verifies every file against the signed list', async () => {
    const v = await checkExport(file(name, await csvZip(key)), null, keys);
    expect(v.headline).toMatch(/^Valid: case export \(CSV\) of INC-2026-0001/);
  });

  it('names the file that fails', async () => {
    const [first, second] = csvFiles as [[string, Uint8Array], [string, Uint8Array]];
    const altered: [string, Uint8Array][] = [first, [second[0], encodeText('author,body\r\nAnn Smith,edited\r\n')]];
    const cases: [[string, Uint8Array][], string][] = [
      [altered, 'Not valid: notes.csv was changed after it was signed (its SHA-256 does not match).'],
      [[first], 'Not valid: notes.csv is missing from the zip.'],
      [[first, second, ['extra.csv', encodeText('x')]], 'Not valid: the zip holds extra.csv, which was not signed.'],
      [[first, second, second], 'Not valid: the zip holds notes.csv twice.'],
      [[second, first], 'Not valid: the files in the zip are not in the signed order.'],
      [[first, ['renamed.csv', second[1]]], 'Not valid: the zip holds renamed.csv, which was not signed.'],
    ];
    for (const [entries, headline] of cases) {
      expect(await checkExport(file(name, await csvZip(key, entries)), null, keys)).toMatchObject({
        valid: false,
        headline,
      });
    }
  });

  it('refuses a SIGNATURE.json that is not the last entry', async () => {
    const good = await csvZip(key);
    const { zipEntries } = await import('./layouts');
    const { names, files } = zipEntries(good);
    const moved = zip([
      ['SIGNATURE.json', files['SIGNATURE.json']!],
      ...names.filter((n) => n !== 'SIGNATURE.json').map((n) => [n, files[n]!] as [string, Uint8Array]),
    ]);
    expect(await checkExport(file(name, moved), null, keys)).toMatchObject({ valid: false, problem: 'malformed' });
  });
});

describe('checkExport: an audit log CSV zip with SIGNATURE.json', () => {
  const name = `caseward-audit-${STAMP}.zip`;
  const sigOf = async (z: Uint8Array) => {
    const { zipEntries } = await import('./layouts');
    return zipEntries(z).files['SIGNATURE.json']!;
  };

  it('is valid alone, with the chain check its manifest signs', async () => {
    const v = await checkExport(file(name, await auditZip(key)), null, keys);
    expect(v.headline).toBe(
      `Valid: audit log export (CSV) from 1 Dec 2026 00:00 UTC, made 5 Dec 2026 09:00 UTC by Ann Smith, signed with this installation's key export-1 (fingerprint ${fp}).`,
    );
    expect(v.valid && v.notes).toEqual(['Chain check: valid, 2 events checked.']);
  });

  it('reports a broken chain the signature vouches for', async () => {
    const v = await checkExport(file(name, await auditZip(key, { valid: false, bad: 2 })), null, keys);
    expect(v).toMatchObject({
      valid: false,
      problem: 'broken-chain',
      headline: 'Not valid: the signature holds, but the exported events do not verify: first bad seq 2.',
    });
  });

  it("refuses an altered or removed row, and another export's SIGNATURE.json", async () => {
    const changed = 'Not valid: audit_events.csv was changed after it was signed (its SHA-256 does not match).';
    const text = new TextDecoder().decode(auditCsv);
    const altered = encodeText(text.replace('08:01:00Z', '08:02:00Z'));
    const removed = encodeText(
      text
        .split('\r\n')
        .filter((_, i) => i !== 1)
        .join('\r\n'),
    );
    for (const csv of [altered, removed]) {
      const z = await auditZip(key, { entries: [['audit_events.csv', csv]], signed: [['audit_events.csv', auditCsv]] });
      expect(await checkExport(file(name, z), null, keys)).toMatchObject({
        valid: false,
        problem: 'altered',
        headline: changed,
      });
    }
    const other = await auditZip(key, { entries: [['audit_events.csv', removed]] });
    const swapped = zip([
      ['audit_events.csv', auditCsv],
      ['SIGNATURE.json', await sigOf(other)],
    ]);
    expect(await checkExport(file(name, swapped), null, keys)).toMatchObject({
      valid: false,
      problem: 'altered',
      headline: changed,
    });
    const caseSig = zip([
      ['audit_events.csv', auditCsv],
      ['SIGNATURE.json', await sigOf(await csvZip(key))],
    ]);
    expect(await checkExport(file(name, caseSig), null, keys)).toMatchObject({ valid: false, problem: 'altered' });
  });

  it('refuses a signed audit zip that holds more than audit_events.csv, and one signed with an unpublished key', async () => {
    const extra: [string, Uint8Array][] = [
      ['audit_events.csv', auditCsv],
      ['notes.csv', encodeText('x')],
    ];
    expect(await checkExport(file(name, await auditZip(key, { entries: extra })), null, keys)).toMatchObject({
      valid: false,
      problem: 'malformed',
      headline: 'Not valid: an audit log CSV zip holds audit_events.csv alone.',
    });
    const stranger = await makeKey('export-1');
    expect(await checkExport(file(name, await auditZip(stranger)), null, keys)).toMatchObject({
      valid: false,
      problem: 'unknown-key',
    });
  });
});

describe('checkExport: an older audit CSV with its .sig', () => {
  it('is valid with the chain check its manifest signs', async () => {
    const body = encodeText('seq,occurred_at,actor_id\r\n1,2026-12-05T08:00:00Z,x\r\n');
    const { sig } = await detachedExport(key, body, {
      kind: 'audit',
      format: 'csv',
      chain_check: { valid: true, checked: 1, first_invalid_seq: null },
    });
    const name = `caseward-audit-${STAMP}.csv`;
    const v = await checkExport(file(name, body), file(`${name}.sig`, sig), keys);
    expect(v.headline).toMatch(
      /^Valid: audit log export \(CSV\) of the whole log, made 5 Dec 2026 09:00 UTC by Ann Smith/,
    );
    expect(v.valid && v.notes).toEqual(['Chain check: valid, 1 event checked.']);
  });
});

describe('checkFiles', () => {
  it('pairs each export with the .sig named after it, and a lone .sig with the one export that needs it', async () => {
    const pdf = await detachedExport(key, pdfBytes(), { format: 'pdf' });
    const json = await bundle(key);
    const both = await checkFiles(
      [file('b.json', json), file(`${pdfName}.sig`, pdf.sig), file(pdfName, pdf.body)],
      keys,
    );
    expect(both.map((v) => [v.file, v.valid])).toEqual([
      ['b.json', true],
      [pdfName, true],
    ]);
    const renamed = await checkFiles([file('report (1).pdf', pdf.body), file('signature.txt', pdf.sig)], keys);
    expect(renamed.map((v) => v.valid)).toEqual([true]);
    const alone = await checkFiles([file(`${pdfName}.sig`, pdf.sig)], keys);
    expect(alone).toMatchObject([{ valid: false, problem: 'needs-signature' }]);
  });
});

describe('publishedKeys', () => {
  it('computes the fingerprint from the raw key (SHA-256), not from what the server says it is', async () => {
    const b64 = btoa(String.fromCharCode(...key.published.publicKey));
    const base = { id: 'export-1', algorithm: 'Ed25519' as const, public_key: b64, public_key_pem: '', created_at: '' };
    expect((await publishedKeys([{ ...base, fingerprint: fp }]))[0]?.fingerprint).toBe(fp);
    expect((await publishedKeys([{ ...base, fingerprint: 'cd'.repeat(32) }]))[0]?.fingerprint).toBe(fp);
  });
});
