// The signed manifest that comes with every export: reading it from the response headers,
// and the `.sig` file saved next to a PDF or an audit CSV export (docs/exports.md).
import type { components } from '../../api/schema';

/** A manifest; from schema_version 4 it also names the exporter and carries its key and fingerprint. */
export type ExportManifest = components['schemas']['ExportManifest'] & {
  exporter_name?: string;
  public_key?: string;
  key_fingerprint?: string;
};

/** ExportSignature is an export's manifest with the exact bytes that were signed and the signature. */
export interface ExportSignature {
  manifest: ExportManifest;
  /** Base64 of the manifest's exact bytes (what the signature covers). */
  manifestBase64: string;
  signatureBase64: string;
  keyId: string;
  /** Lowercase hex SHA-256 of the signing key; null until it is known (see withFingerprint). */
  keyFingerprint: string | null;
}

/** decodeBase64 turns standard base64 (padding optional, whitespace ignored) into bytes; throws on anything else. */
export function decodeBase64(value: string): Uint8Array {
  const clean = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw new Error('not base64');
  const binary = atob(clean);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const required = ['kind', 'format', 'sha256', 'exported_at', 'exporter_id', 'exporter_email', 'key_id'] as const;

/** parseManifest checks that parsed JSON is a manifest: every required text field present, a 64-digit hex sha256. */
export function parseManifest(value: unknown): ExportManifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('the manifest is not a JSON object');
  const m = value as Record<string, unknown>;
  for (const field of required) {
    if (typeof m[field] !== 'string' || m[field] === '') throw new Error(`the manifest has no ${field}`);
  }
  if (!/^[0-9a-f]{64}$/.test(m.sha256 as string)) throw new Error('the manifest sha256 is not a SHA-256 in hex');
  if (m.kind !== 'case' && m.kind !== 'audit') throw new Error(`the manifest kind ${String(m.kind)} is unknown`);
  return value as ExportManifest;
}

/** parseManifestHeader reads an X-Caseward-Manifest value: base64 of the manifest's UTF-8 JSON. */
export function parseManifestHeader(header: string): ExportManifest {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64(header));
  } catch {
    throw new Error('the manifest header is not base64 of UTF-8 text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('the manifest header does not hold JSON');
  }
  return parseManifest(parsed);
}

/**
 * readSignature takes an export's signature from its response headers. null when the server sent
 * none; throws when it sent one that cannot be read (that export cannot be checked).
 */
export function readSignature(headers: Headers): ExportSignature | null {
  const manifestBase64 = headers.get('X-Caseward-Manifest')?.trim();
  const signatureBase64 = headers.get('X-Caseward-Signature')?.trim();
  if (!manifestBase64 && !signatureBase64) return null;
  if (!manifestBase64 || !signatureBase64) throw new Error('the export came with only half of its signature');
  const manifest = parseManifestHeader(manifestBase64);
  if (decodeBase64(signatureBase64).length !== 64) throw new Error('the signature is not an Ed25519 signature');
  const keyId = headers.get('X-Caseward-Key-Id')?.trim() || manifest.key_id;
  if (keyId !== manifest.key_id)
    throw new Error(`the key id header (${keyId}) differs from the manifest's (${manifest.key_id})`);
  const keyFingerprint =
    headers.get('X-Caseward-Key-Fingerprint')?.trim().toLowerCase() || manifest.key_fingerprint || null;
  if (manifest.key_fingerprint && keyFingerprint !== manifest.key_fingerprint) {
    throw new Error("the key fingerprint header differs from the manifest's");
  }
  return { manifest, manifestBase64, signatureBase64, keyId, keyFingerprint };
}

/** signatureFileName names the detached signature saved next to a PDF or an audit CSV export. */
export const signatureFileName = (exportFileName: string) => `${exportFileName}.sig`;

/**
 * signatureFileContent is the `.sig` file: one JSON object
 * `{manifest_base64, signature_base64, key_id, key_fingerprint}` and a final newline.
 */
export function signatureFileContent(sig: ExportSignature & { keyFingerprint: string }): string {
  return `${JSON.stringify({
    manifest_base64: sig.manifestBase64,
    signature_base64: sig.signatureBase64,
    key_id: sig.keyId,
    key_fingerprint: sig.keyFingerprint,
  })}\n`;
}
