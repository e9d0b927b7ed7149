// A signed manifest as found in a file: read, held to the rules of its schema version, its key checked.
import { decodeBase64 } from '../manifest';
import { decodeText } from './bytes';
import { keyFingerprint } from './keys';

/** The newest schema_version this page reads. */
export const NEWEST_SCHEMA = 4;

export interface ChainCheck {
  valid: boolean;
  checked: number;
  first_invalid_seq: number | null;
}

/** Manifest is what an export's signed manifest says (schema_version 1–4). */
export interface Manifest {
  kind: 'case' | 'audit';
  format: string;
  case_id?: string;
  case_reference?: string;
  filters?: Record<string, string>;
  sha256: string;
  exported_at: string;
  exporter_id: string;
  exporter_email: string;
  exporter_name?: string;
  caseward_version: string;
  schema_version: number;
  key_id: string;
  public_key?: string;
  key_fingerprint?: string;
  chain_check?: ChainCheck;
  files?: { name: string; sha256: string }[];
}

/** Refused is thrown for a file that is not as Caseward writes it; message says why, for people. */
export class Refused extends Error {
  constructor(
    readonly problem: 'not-caseward' | 'malformed' | 'newer' | 'other-export' | 'altered' | 'needs-signature',
    message: string,
  ) {
    super(message);
  }
}

const text = [
  'kind',
  'format',
  'sha256',
  'exported_at',
  'exporter_id',
  'exporter_email',
  'caseward_version',
  'key_id',
] as const;
const hex64 = /^[0-9a-f]{64}$/;

function parseChainCheck(value: unknown): ChainCheck {
  const c = value as Record<string, unknown> | null;
  if (typeof c !== 'object' || c === null || typeof c.valid !== 'boolean' || typeof c.checked !== 'number') {
    throw new Refused('malformed', 'Not valid: its chain check is incomplete.');
  }
  const seq = c.first_invalid_seq;
  return { valid: c.valid, checked: c.checked, first_invalid_seq: typeof seq === 'number' ? seq : null };
}

/** parseObject reads JSON text that must be one object; null when it is not. */
export function parseObject(source: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(source);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * parseManifest reads a manifest's exact bytes. From schema_version 4 it carries its public key and
 * fingerprint, which must agree; an audit export's carries its chain check from schema_version 3.
 */
export async function parseManifest(bytes: Uint8Array): Promise<Manifest> {
  const source = decodeText(bytes);
  const m = source === null ? null : parseObject(source);
  if (!m) throw new Refused('malformed', 'Not valid: its signed manifest is not readable JSON.');
  for (const field of text) {
    if (typeof m[field] !== 'string' || m[field] === '')
      throw new Refused('malformed', `Not valid: its manifest has no ${field}.`);
  }
  if (m.kind !== 'case' && m.kind !== 'audit')
    throw new Refused('malformed', `Not valid: its manifest names an unknown kind of export.`);
  if (!hex64.test(m.sha256 as string)) throw new Refused('malformed', 'Not valid: its manifest has no SHA-256.');
  const version = m.schema_version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new Refused('malformed', 'Not valid: its manifest has no schema version.');
  }
  if (version > NEWEST_SCHEMA) {
    throw new Refused(
      'newer',
      `Made by a newer Caseward (schema version ${version}): check it with that version's caseward export verify.`,
    );
  }
  if (m.chain_check !== undefined) m.chain_check = parseChainCheck(m.chain_check);
  if (m.kind === 'audit' && version >= 3 && !m.chain_check)
    throw new Refused('malformed', 'Not valid: its manifest lacks the chain check.');
  if (version >= 4) await checkEmbeddedKey(m);
  return m as unknown as Manifest;
}

async function checkEmbeddedKey(m: Record<string, unknown>) {
  let key: Uint8Array;
  try {
    key = decodeBase64(typeof m.public_key === 'string' ? m.public_key : '');
  } catch {
    key = new Uint8Array();
  }
  if (key.length !== 32) throw new Refused('malformed', 'Not valid: its manifest carries no Ed25519 public key.');
  if (typeof m.key_fingerprint !== 'string' || m.key_fingerprint !== (await keyFingerprint(key))) {
    throw new Refused('malformed', "Not valid: the key fingerprint in its manifest is not its public key's.");
  }
}

/** A detached signature: the manifest's exact bytes, the signature, and the key it names. */
export interface Detached {
  manifestBytes: Uint8Array;
  signature: Uint8Array;
  keyId: string;
  keyFingerprint?: string;
}

const sigMembers = ['manifest_base64', 'signature_base64', 'key_id', 'key_fingerprint'];

/**
 * parseSignatureFile reads a `.sig` (or the zip's SIGNATURE.json, or the older `.signature.json`
 * without a fingerprint). Its key_id and key_fingerprint must be the manifest's.
 */
export async function parseSignatureFile(bytes: Uint8Array): Promise<{ detached: Detached; manifest: Manifest }> {
  const source = decodeText(bytes);
  const f = source === null ? null : parseObject(source);
  if (!f || typeof f.manifest_base64 !== 'string')
    throw new Refused('malformed', 'Not valid: the signature file is not a Caseward signature file.');
  if (
    Object.keys(f).some((k) => !sigMembers.includes(k)) ||
    typeof f.signature_base64 !== 'string' ||
    typeof f.key_id !== 'string'
  ) {
    throw new Refused('malformed', 'Not valid: the signature file is not as Caseward writes it.');
  }
  let manifestBytes: Uint8Array;
  let signature: Uint8Array;
  try {
    manifestBytes = decodeBase64(f.manifest_base64);
    signature = decodeBase64(f.signature_base64);
  } catch {
    throw new Refused('malformed', 'Not valid: the signature file holds something that is not base64.');
  }
  if (signature.length !== 64)
    throw new Refused('malformed', 'Not valid: the signature file holds no Ed25519 signature.');
  const manifest = await parseManifest(manifestBytes);
  if (f.key_id !== manifest.key_id)
    throw new Refused('malformed', 'Not valid: the signature file names another key than its manifest.');
  if (
    f.key_fingerprint !== undefined &&
    f.key_fingerprint !== manifest.key_fingerprint &&
    manifest.schema_version >= 4
  ) {
    throw new Refused('malformed', 'Not valid: the signature file names another key fingerprint than its manifest.');
  }
  const keyFingerprint = typeof f.key_fingerprint === 'string' ? f.key_fingerprint : undefined;
  return { detached: { manifestBytes, signature, keyId: f.key_id, keyFingerprint }, manifest };
}
