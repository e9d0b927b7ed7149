// Checking a Caseward export in the browser, without sending it anywhere: the signature with
// WebCrypto Ed25519, the signed bytes' SHA-256, and whether the key is one this installation
// publishes. Every outcome is a sentence for people.
import { decodeBase64 } from '../manifest';
import { encodeText, sha256Hex } from './bytes';
import { compactStamp, describeExport, madeBy } from './describe';
import type { PublishedKey } from './keys';
import { detectType, expected, readBundle, readJsonLines, readZip, type FileType, type Signed } from './layouts';
import { parseManifest, parseSignatureFile, Refused, type Manifest } from './signed';

/** A file the user picked: its name and bytes. */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

export type Problem = Refused['problem'] | 'bad-signature' | 'unknown-key' | 'broken-chain';

export type Verdict =
  | { valid: true; file: string; headline: string; manifest: Manifest; key: PublishedKey; notes: string[] }
  | { valid: false; file: string; problem: Problem; headline: string; manifest?: Manifest };

const NOT_CASEWARD = 'Not a Caseward export.';

/** verifyEd25519 checks signature over message with a raw 32-byte Ed25519 public key. */
export async function verifyEd25519(
  publicKey: Uint8Array,
  signature: Uint8Array,
  message: Uint8Array,
): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, [
      'verify',
    ]);
    return await crypto.subtle.verify(
      { name: 'Ed25519' },
      key,
      signature as Uint8Array<ArrayBuffer>,
      message as Uint8Array<ArrayBuffer>,
    );
  } catch {
    return false;
  }
}

const needsSignature = (type: FileType) => type === 'pdf' || type === 'audit-csv';

/** namesAnotherExport says whether a file's name (as Caseward gave it) points at another export than m. */
function namesAnotherExport(fileName: string, m: Manifest): boolean {
  const ref = /(INC-\d{4}-\d{4,})-(\d{8}T\d{6}Z)/.exec(fileName);
  if (ref) return ref[1] !== m.case_reference || ref[2] !== compactStamp(m.exported_at);
  const audit = /caseward-audit-(\d{8}T\d{6}Z)/.exec(fileName);
  return audit ? m.kind !== 'audit' || audit[1] !== compactStamp(m.exported_at) : false;
}

interface Found extends Signed {
  manifest: Manifest;
  detached: boolean;
}

async function readSigned(file: PickedFile, type: FileType, sig: PickedFile | null): Promise<Found> {
  if (type === 'bundle' || type === 'jsonl') {
    const signed = type === 'bundle' ? readBundle(file.bytes) : readJsonLines(file.bytes);
    return { ...signed, manifest: await parseManifest(signed.manifestBytes), detached: false };
  }
  if (type === 'zip') {
    const inside = await readZip(file.bytes);
    if (inside) return { ...inside, manifest: await parseManifest(inside.manifestBytes), detached: false };
  }
  if (!sig) {
    throw new Refused(
      'needs-signature',
      type === 'zip'
        ? 'This zip carries no SIGNATURE.json: an older CSV export is checked together with its .signature.json file. Pick both.'
        : `A ${type === 'pdf' ? 'PDF' : 'CSV'} export is checked together with its signature file (${file.name}.sig). Pick both.`,
    );
  }
  const { detached, manifest } = await parseSignatureFile(sig.bytes);
  return {
    manifestBytes: detached.manifestBytes,
    signature: detached.signature,
    hashed: file.bytes,
    manifest,
    detached: true,
  };
}

/** The one file of an audit log CSV zip, before its SIGNATURE.json. */
const AUDIT_CSV = 'audit_events.csv';

/** checkZipFiles holds a CSV zip's entries to the manifest's signed list, naming the first file that fails. */
async function checkZipFiles(found: Found): Promise<void> {
  const listed = found.manifest.files;
  const entries = found.zipFiles ?? [];
  if (!Array.isArray(listed) || listed.length === 0)
    throw new Refused('malformed', 'Not valid: its manifest lists no files.');
  if (found.manifest.kind === 'audit' && (listed.length !== 1 || listed[0]?.name !== AUDIT_CSV)) {
    throw new Refused('malformed', `Not valid: an audit log CSV zip holds ${AUDIT_CSV} alone.`);
  }
  const listing = listed.map((f) => `${f.sha256}  ${f.name}\n`).join('');
  if ((await sha256Hex(encodeText(listing))) !== found.manifest.sha256) {
    throw new Refused('malformed', "Not valid: the manifest's file list does not match its SHA-256.");
  }
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.name)) throw new Refused('altered', `Not valid: the zip holds ${e.name} twice.`);
    seen.add(e.name);
    if (!listed.some((f) => f.name === e.name))
      throw new Refused('altered', `Not valid: the zip holds ${e.name}, which was not signed.`);
  }
  for (const f of listed) {
    if (!seen.has(f.name)) throw new Refused('altered', `Not valid: ${f.name} is missing from the zip.`);
  }
  for (const [i, f] of listed.entries()) {
    const e = entries[i];
    if (e?.name !== f.name)
      throw new Refused('altered', 'Not valid: the files in the zip are not in the signed order.');
    if ((await sha256Hex(e.bytes)) !== f.sha256) {
      throw new Refused(
        'altered',
        `Not valid: ${f.name} was changed after it was signed (its SHA-256 does not match).`,
      );
    }
  }
}

async function checkContent(file: PickedFile, type: FileType, found: Found): Promise<void> {
  if (found.zipFiles) return checkZipFiles(found);
  if ((await sha256Hex(found.hashed)) === found.manifest.sha256) return;
  if (found.detached && namesAnotherExport(file.name, found.manifest)) {
    throw new Refused(
      'other-export',
      `The signature file belongs to another export: it signs the ${describeExport(found.manifest)}, ${madeBy(found.manifest)}.`,
    );
  }
  throw new Refused(
    'altered',
    `Not valid: the file was changed after it was signed (its SHA-256 does not match${type === 'jsonl' ? ' the lines before the signature' : ''}).`,
  );
}

/** chainNotes reads what the signed chain check says about the exported audit events. */
function chainNotes(found: Found): string[] {
  const m = found.manifest;
  const line = found.chainLine;
  if (line && m.chain_check && JSON.stringify(line) !== JSON.stringify(m.chain_check)) {
    throw new Refused('altered', 'Not valid: the chain check line and the signed manifest disagree.');
  }
  const check = m.chain_check ?? line;
  if (m.kind !== 'audit' || !check) return [];
  if (!check.valid) {
    throw Object.assign(
      new Refused(
        'altered',
        `Not valid: the signature holds, but the exported events do not verify: first bad seq ${check.first_invalid_seq ?? '?'}.`,
      ),
      { chain: true },
    );
  }
  if (found.unsignedChain) {
    return [
      'An export of the older format (schema version 1): its chain check line is not covered by the signature. Run caseward export verify on it to recompute the chain.',
    ];
  }
  return [
    `Chain check: valid, ${check.checked.toLocaleString('en')} ${check.checked === 1 ? 'event' : 'events'} checked.`,
  ];
}

/**
 * checkExport checks one export against the installation's published keys; sig is its detached
 * signature file when it has one (a PDF, or an older audit CSV or CSV zip).
 */
export async function checkExport(
  file: PickedFile,
  sig: PickedFile | null,
  keys: readonly PublishedKey[],
): Promise<Verdict> {
  const type = detectType(file.bytes);
  if (type === 'unknown' || type === 'signature') {
    return {
      valid: false,
      file: file.name,
      problem: 'not-caseward',
      headline:
        type === 'signature' ? 'This is a signature file: pick the export it belongs to as well.' : NOT_CASEWARD,
    };
  }
  let manifest: Manifest | undefined;
  try {
    const found = await readSigned(file, type, needsSignature(type) || type === 'zip' ? sig : null);
    manifest = found.manifest;
    const want = expected[type];
    // A zip with SIGNATURE.json is a case's CSV files or the audit log's audit_events.csv.
    const auditZip = type === 'zip' && !found.detached && manifest.kind === 'audit';
    if ((manifest.kind !== want.kind && !auditZip) || manifest.format !== want.format) {
      if (found.detached)
        throw new Refused(
          'other-export',
          `The signature file belongs to another export: it signs the ${describeExport(manifest)}, ${madeBy(manifest)}.`,
        );
      throw new Refused('malformed', 'Not valid: its manifest describes another kind of export.');
    }
    return await checkSigned(file, type, found, keys);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    const problem = 'chain' in err ? 'broken-chain' : err.problem;
    return { valid: false, file: file.name, problem, headline: err.message, manifest };
  }
}

async function checkSigned(
  file: PickedFile,
  type: FileType,
  found: Found,
  keys: readonly PublishedKey[],
): Promise<Verdict> {
  const m = found.manifest;
  const invalid = (problem: Problem, headline: string): Verdict => ({
    valid: false,
    file: file.name,
    problem,
    headline,
    manifest: m,
  });
  const embedded = m.public_key ? decodeBase64(m.public_key) : null;
  const published = embedded
    ? keys.find((k) => k.fingerprint === m.key_fingerprint)
    : keys.find((k) => k.id === m.key_id);
  const verifyWith = embedded ?? published?.publicKey;
  if (!verifyWith) {
    return invalid(
      'unknown-key',
      `Signed by a key this installation does not publish (key id ${m.key_id}): it is not an export of this installation, or its key was removed.`,
    );
  }
  if (!(await verifyEd25519(verifyWith, found.signature, found.manifestBytes))) {
    return invalid(
      'bad-signature',
      'Not valid: the signature does not match the manifest (the manifest was changed after it was signed).',
    );
  }
  if (!published) {
    return invalid(
      'unknown-key',
      `Signed by a key this installation does not publish (${m.key_id}, fingerprint ${m.key_fingerprint ?? '?'}): it is not an export of this installation.`,
    );
  }
  await checkContent(file, type, found);
  const notes = chainNotes(found);
  if (!embedded)
    notes.push(
      `An older export (schema version ${m.schema_version}) without its public key inside: checked with the published key ${published.id}.`,
    );
  return {
    valid: true,
    file: file.name,
    manifest: m,
    key: published,
    notes,
    headline: `Valid: ${describeExport(m)}, ${madeBy(m)}, signed with this installation's key ${published.id} (fingerprint ${published.fingerprint}).`,
  };
}

const isSignatureName = (name: string) => /\.(sig|signature\.json)$/i.test(name);
const baseOf = (name: string) => name.replace(/\.(sig|signature\.json)$/i, '');

/**
 * checkFiles checks everything picked or dropped at once: each export with the signature file named
 * after it (`X.sig`, `X.signature.json`), or the one signature file when exactly one export needs one.
 */
export async function checkFiles(files: readonly PickedFile[], keys: readonly PublishedKey[]): Promise<Verdict[]> {
  const isSig = (f: PickedFile) => isSignatureName(f.name) || detectType(f.bytes) === 'signature';
  const sigs = files.filter(isSig);
  const exports = files.filter((f) => !isSig(f));
  const used = new Set<PickedFile>();
  const pairs = exports.map((f) => {
    const named = sigs.find((s) => baseOf(s.name) === f.name);
    if (named) used.add(named);
    return { f, sig: named ?? null };
  });
  const unpaired = sigs.filter((s) => !used.has(s));
  const waiting = pairs.filter(
    (p) => !p.sig && (needsSignature(detectType(p.f.bytes)) || detectType(p.f.bytes) === 'zip'),
  );
  if (waiting.length === 1 && unpaired.length === 1 && waiting[0]) {
    waiting[0].sig = unpaired[0] ?? null;
    unpaired.length = 0;
  }
  const out = await Promise.all(pairs.map((p) => checkExport(p.f, p.sig, keys)));
  for (const s of unpaired) {
    out.push({
      valid: false,
      file: s.name,
      problem: 'needs-signature',
      headline: 'A signature file alone proves nothing: pick the export it belongs to as well.',
    });
  }
  return out;
}
