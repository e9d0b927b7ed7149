// Where each kind of Caseward export keeps its signed manifest, signature and signed bytes
// (docs/exports.md): read from the file's exact bytes, never re-encoded.
import { unzipSync } from 'fflate';

import { decodeBase64 } from '../manifest';
import { decodeText, encodeBase64, encodeText, equalBytes, lastIndexOf, startsWith, concat } from './bytes';
import { parseObject, parseSignatureFile, Refused, type ChainCheck, type Detached } from './signed';

/** What a file looks like from its first and last bytes. */
export type FileType = 'bundle' | 'jsonl' | 'zip' | 'pdf' | 'audit-csv' | 'signature' | 'unknown';

/** The manifest kind and format each file type must carry. */
export const expected: Record<
  Exclude<FileType, 'signature' | 'unknown'>,
  { kind: 'case' | 'audit'; format: string }
> = {
  bundle: { kind: 'case', format: 'json' },
  jsonl: { kind: 'audit', format: 'jsonl' },
  zip: { kind: 'case', format: 'csv' },
  pdf: { kind: 'case', format: 'pdf' },
  'audit-csv': { kind: 'audit', format: 'csv' },
};

const lastLineStart = (bytes: Uint8Array) => lastIndexOf(bytes, '\n', bytes.length - 1) + 1;

/** detectType tells a file's type by its content (its name may have been changed). */
export function detectType(bytes: Uint8Array): FileType {
  if (startsWith(bytes, 'PK\x03\x04')) return 'zip';
  if (startsWith(bytes, '%PDF-')) return 'pdf';
  if (startsWith(bytes, '{"content":')) return 'bundle';
  if (startsWith(bytes, 'seq,occurred_at,')) return 'audit-csv';
  if (startsWith(bytes, '{') && bytes.length < 64 * 1024 && lastIndexOf(bytes, '"manifest_base64"') >= 0)
    return 'signature';
  const last = lastLineStart(bytes);
  if (startsWith(bytes, '{"manifest":', last) || startsWith(bytes, '{"chain_check":', last)) return 'jsonl';
  return 'unknown';
}

/** Signed is what a file holds: the manifest's bytes, the signature, and the bytes its sha256 covers. */
export interface Signed {
  manifestBytes: Uint8Array;
  signature: Uint8Array;
  /** The bytes whose SHA-256 the manifest states (the zip's file listing for a CSV zip). */
  hashed: Uint8Array;
  /** JSON lines: the chain check line, which the signature covers from schema_version 2 (not in 1). */
  chainLine?: ChainCheck;
  /** True for a JSON-lines file of schema_version 1, whose chain check line nothing signs. */
  unsignedChain?: boolean;
  /** A CSV zip: each signed file's bytes in zip order, to hold against the manifest's list. */
  zipFiles?: { name: string; bytes: Uint8Array }[];
}

const malformed = (why: string) => new Refused('malformed', `Not valid: ${why}.`);

function decodeSignature(bytes: Uint8Array): Uint8Array {
  let sig: Uint8Array;
  try {
    sig = decodeBase64(decodeText(bytes) ?? '');
  } catch {
    throw malformed('its signature is not base64');
  }
  if (sig.length !== 64) throw malformed('its signature is not an Ed25519 signature');
  return sig;
}

/** tail reads `…,"signature":"<b64>"}` at the end of line, giving where the manifest ends and the signature. */
function signatureTail(line: Uint8Array, what: string) {
  const at = lastIndexOf(line, ',"signature":"');
  if (at < 0 || !startsWith(line, '"}', line.length - 2)) throw malformed(`${what} carries no signature`);
  return { at, signature: decodeSignature(line.subarray(at + 14, line.length - 2)) };
}

/** readBundle reads `{"content":C,"manifest":M,"signature":"S"}\n`; the sha256 covers C's exact bytes. */
export function readBundle(bytes: Uint8Array): Signed {
  if (bytes[bytes.length - 1] !== 0x0a)
    throw malformed('a JSON bundle ends with one newline; this one was cut short or changed');
  const doc = bytes.subarray(0, bytes.length - 1);
  const m = lastIndexOf(doc, ',"manifest":{');
  if (m < 0) throw malformed('the JSON bundle carries no manifest');
  const { at, signature } = signatureTail(doc, 'the JSON bundle');
  const signed = { manifestBytes: doc.subarray(m + 12, at), signature, hashed: doc.subarray(11, m) };
  const rebuilt = concat(
    encodeText('{"content":'),
    signed.hashed,
    encodeText(',"manifest":'),
    signed.manifestBytes,
    encodeText(`,"signature":"${encodeBase64(signature)}"}`),
  );
  if (!equalBytes(rebuilt, doc)) throw malformed('the JSON bundle is not laid out as Caseward writes it');
  return signed;
}

function readChainLine(line: Uint8Array): ChainCheck {
  const o = parseObject(decodeText(line) ?? '');
  const c = o?.chain_check as Record<string, unknown> | undefined;
  if (!c || typeof c.valid !== 'boolean' || typeof c.checked !== 'number')
    throw malformed('the line before the signature is not the chain check');
  return {
    valid: c.valid,
    checked: c.checked,
    first_invalid_seq: typeof c.first_invalid_seq === 'number' ? c.first_invalid_seq : null,
  };
}

/**
 * readJsonLines reads an audit export in JSON lines: events, the chain check line, and the signed
 * last line, whose sha256 covers every line before it. Schema_version 1 put the chain check on the
 * last line, beside the manifest and outside what is signed.
 */
export function readJsonLines(bytes: Uint8Array): Signed {
  if (bytes[bytes.length - 1] !== 0x0a)
    throw malformed('the file does not end with its signature line (was it cut short?)');
  const cut = lastLineStart(bytes);
  const line = bytes.subarray(cut, bytes.length - 1);
  const { at, signature } = signatureTail(line, 'the last line');
  if (startsWith(line, '{"chain_check":')) {
    const m = lastIndexOf(line, ',"manifest":{', at);
    if (m < 0) throw malformed('the last line carries no manifest');
    return {
      manifestBytes: line.subarray(m + 12, at),
      signature,
      hashed: bytes.subarray(0, cut),
      chainLine: readChainLine(line),
      unsignedChain: true,
    };
  }
  const manifestBytes = line.subarray(12, at);
  const rebuilt = concat(
    encodeText('{"manifest":'),
    manifestBytes,
    encodeText(`,"signature":"${encodeBase64(signature)}"}`),
  );
  if (!equalBytes(rebuilt, line)) throw malformed('the last line is not laid out as Caseward writes it');
  const chainLine = readChainLine(bytes.subarray(lastLineStart(bytes.subarray(0, cut)), cut - 1));
  return { manifestBytes, signature, hashed: bytes.subarray(0, cut), chainLine };
}

/** zipEntries lists a zip's entries in their order, repeats included, with their bytes. */
export function zipEntries(bytes: Uint8Array): { names: string[]; files: Record<string, Uint8Array> } {
  const names: string[] = [];
  try {
    const files = unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return true;
      },
    });
    return { names, files };
  } catch {
    throw new Refused('not-caseward', 'Not a Caseward export: the zip cannot be read.');
  }
}

export const SIGNATURE_ENTRY = 'SIGNATURE.json';

/**
 * readZip reads a CSV zip (a case's, or the audit log's audit_events.csv): its last entry
 * SIGNATURE.json signs the listing of every other entry. A zip without it is an older case export,
 * checked with its detached signature file.
 */
export async function readZip(bytes: Uint8Array): Promise<(Signed & { detached: Detached }) | null> {
  const { names, files } = zipEntries(bytes);
  const at = names.indexOf(SIGNATURE_ENTRY);
  if (at < 0) return null;
  if (at !== names.length - 1 || names.lastIndexOf(SIGNATURE_ENTRY) !== at)
    throw malformed(`${SIGNATURE_ENTRY} is not the zip's one last entry`);
  const { detached } = await parseSignatureFile(files[SIGNATURE_ENTRY] ?? new Uint8Array());
  const zipFiles = names.slice(0, at).map((name) => ({ name, bytes: files[name] ?? new Uint8Array() }));
  return {
    manifestBytes: detached.manifestBytes,
    signature: detached.signature,
    hashed: new Uint8Array(),
    zipFiles,
    detached,
  };
}
