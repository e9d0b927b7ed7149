// Real Caseward-shaped exports for tests, signed with real Ed25519 keys made in the test
// (the layouts of internal/export: bundle, JSON lines, CSV zip with SIGNATURE.json, detached .sig).
import { Zip, ZipDeflate } from 'fflate';

import { concat, encodeBase64, encodeText, sha256Hex } from './bytes';
import { keyFingerprint, type PublishedKey } from './keys';
import type { PickedFile } from './verify';

export interface TestKey {
  id: string;
  privateKey: CryptoKey;
  published: PublishedKey;
}

export async function makeKey(id = 'export-1'): Promise<TestKey> {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return {
    id,
    privateKey: pair.privateKey,
    published: { id, publicKey, fingerprint: await keyFingerprint(publicKey) },
  };
}

export const EXPORTED_AT = '2026-12-05T09:00:00Z';
export const STAMP = '20261205T090000Z';

/** manifestFor is a manifest as Caseward writes it, in its field order; v4 carries the key. */
export function manifestFor(key: TestKey, fields: Record<string, unknown>, schemaVersion = 4): Record<string, unknown> {
  const { kind = 'case', format = 'pdf', ...rest } = fields;
  const caseFields =
    kind === 'case' ? { case_id: '0190a5f0-0000-7000-8000-0000000000c7', case_reference: 'INC-2026-0001' } : {};
  const m: Record<string, unknown> = {
    kind,
    format,
    ...caseFields,
    sha256: '',
    exported_at: EXPORTED_AT,
    exporter_id: '0190a5f0-0000-7000-8000-000000000001',
    exporter_email: 'ann@example.org',
    ...(schemaVersion >= 4 ? { exporter_name: 'Ann Smith' } : {}),
    caseward_version: 'test',
    schema_version: schemaVersion,
    key_id: key.id,
  };
  if (schemaVersion >= 4) {
    m.public_key = encodeBase64(key.published.publicKey);
    m.key_fingerprint = key.published.fingerprint;
  }
  return { ...m, ...rest };
}

export async function sign(key: TestKey, manifest: Record<string, unknown>) {
  const manifestBytes = encodeText(JSON.stringify(manifest));
  const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key.privateKey, manifestBytes));
  return { manifestBytes, signature };
}

/** signatureFile is a `.sig` (and SIGNATURE.json): four members and a final newline; older files lack the fingerprint. */
export function signatureFile(
  s: { manifestBytes: Uint8Array; signature: Uint8Array },
  key: TestKey,
  withFingerprint = true,
): Uint8Array {
  const f: Record<string, string> = {
    manifest_base64: encodeBase64(s.manifestBytes),
    signature_base64: encodeBase64(s.signature),
    key_id: key.id,
  };
  if (withFingerprint) f.key_fingerprint = key.published.fingerprint;
  return encodeText(`${JSON.stringify(f)}\n`);
}

export const file = (name: string, bytes: Uint8Array | string): PickedFile => ({
  name,
  bytes: typeof bytes === 'string' ? encodeText(bytes) : bytes,
});

/** detachedExport is a file (PDF or audit CSV) and its `.sig`. */
export async function detachedExport(
  key: TestKey,
  body: Uint8Array,
  fields: Record<string, unknown>,
  schemaVersion = 4,
) {
  const m = manifestFor(key, fields, schemaVersion);
  m.sha256 = await sha256Hex(body);
  const s = await sign(key, m);
  return { body, sig: signatureFile(s, key), manifest: m, ...s };
}

export const pdfBytes = (text = 'report') => encodeText(`%PDF-1.7\n% ${text}\n%%EOF\n`);

export async function bundle(
  key: TestKey,
  content = '{"schema_version":4,"case":{"reference":"INC-2026-0001"}}',
  schemaVersion = 4,
) {
  const m = manifestFor(key, { format: 'json' }, schemaVersion);
  m.sha256 = await sha256Hex(encodeText(content));
  const s = await sign(key, m);
  return encodeText(
    `{"content":${content},"manifest":${JSON.stringify(m)},"signature":"${encodeBase64(s.signature)}"}\n`,
  );
}

export const chainLine = (valid = true, checked = 2, bad: number | null = null) =>
  `{"chain_check":{"valid":${valid},"checked":${checked},"first_invalid_seq":${bad}}}\n`;

export async function jsonLines(key: TestKey, opts: { valid?: boolean; bad?: number | null } = {}) {
  const events = '{"seq":1,"action":"case.create"}\n{"seq":2,"action":"export.audit"}\n';
  const check = { valid: opts.valid ?? true, checked: 2, first_invalid_seq: opts.bad ?? null };
  const body = events + chainLine(check.valid, 2, check.first_invalid_seq);
  const m = manifestFor(key, {
    kind: 'audit',
    format: 'jsonl',
    filters: { from: '2026-12-01T00:00:00Z' },
    chain_check: check,
  });
  m.sha256 = await sha256Hex(encodeText(body));
  const s = await sign(key, m);
  return encodeText(`${body}{"manifest":${JSON.stringify(m)},"signature":"${encodeBase64(s.signature)}"}\n`);
}

/** zip writes entries in order (names may repeat), deflated, as Go's archive/zip does. */
export function zip(entries: [string, Uint8Array][]): Uint8Array {
  const parts: Uint8Array[] = [];
  const z = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  for (const [name, bytes] of entries) {
    const f = new ZipDeflate(name);
    z.add(f);
    f.push(bytes, true);
  }
  z.end();
  return concat(...parts);
}

export const csvFiles: [string, Uint8Array][] = [
  ['case.csv', encodeText('reference,title\r\nINC-2026-0001,Breach\r\n')],
  ['notes.csv', encodeText('author,body\r\nAnn Smith,Łukasz called\r\n')],
];

/** csvZip is a case CSV export: the files, then SIGNATURE.json over their listing; sign lists what is signed. */
export async function csvZip(key: TestKey, entries = csvFiles, signed = csvFiles) {
  const files = await Promise.all(signed.map(async ([name, bytes]) => ({ name, sha256: await sha256Hex(bytes) })));
  const m = manifestFor(key, { format: 'csv' });
  m.sha256 = await sha256Hex(encodeText(files.map((f) => `${f.sha256}  ${f.name}\n`).join('')));
  m.files = files;
  const s = await sign(key, m);
  return zip([...entries, ['SIGNATURE.json', signatureFile(s, key)]]);
}

export const auditCsv = encodeText(
  'seq,occurred_at,actor_id\r\n1,2026-12-05T08:00:00Z,x\r\n2,2026-12-05T08:01:00Z,x\r\n',
);

/**
 * auditZip is the audit log as CSV: audit_events.csv, then SIGNATURE.json whose manifest lists it
 * (signed lists what is signed) and carries the chain check.
 */
export async function auditZip(
  key: TestKey,
  opts: {
    entries?: [string, Uint8Array][];
    signed?: [string, Uint8Array][];
    valid?: boolean;
    bad?: number | null;
  } = {},
) {
  const entries = opts.entries ?? [['audit_events.csv', auditCsv]];
  const files = await Promise.all(
    (opts.signed ?? entries).map(async ([name, bytes]) => ({ name, sha256: await sha256Hex(bytes) })),
  );
  const chain_check = {
    valid: opts.valid ?? true,
    checked: opts.valid === false ? 1 : 2,
    first_invalid_seq: opts.bad ?? null,
  };
  const m = manifestFor(key, { kind: 'audit', format: 'csv', filters: { from: '2026-12-01T00:00:00Z' }, chain_check });
  m.sha256 = await sha256Hex(encodeText(files.map((f) => `${f.sha256}  ${f.name}\n`).join('')));
  // In Caseward's field order: files come before sha256.
  const { sha256, ...rest } = m;
  const ordered: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (k === 'exported_at') Object.assign(ordered, { files, sha256 });
    ordered[k] = v;
  }
  const s = await sign(key, ordered);
  return zip([...entries, ['SIGNATURE.json', signatureFile(s, key)]]);
}
