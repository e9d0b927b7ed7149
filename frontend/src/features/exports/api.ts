// Downloading exports through the API client, with progress, and reading what signs them.
import { unzipSync } from 'fflate';
import type { Client } from 'openapi-fetch';

import { toApiError, unwrap } from '../../api/problem';
import type { operations, paths } from '../../api/schema';
import { decodeText } from './check/bytes';
import { publishedKeys } from './check/keys';
import { SIGNATURE_ENTRY } from './check/layouts';
import { parseObject } from './check/signed';
import { readTrailer, type JsonlTrailer } from './jsonl';
import {
  parseManifestHeader,
  readSignature,
  signatureFileContent,
  signatureFileName,
  type ExportSignature,
} from './manifest';
import { expectedLength, readBody, startProgress, type DownloadProgress } from './progress';
import { fileNameFrom } from '../../components/download';

export type CaseExportFormat = operations['exportCase']['parameters']['query']['format'];
export type AuditExportFormat = operations['exportAudit']['parameters']['query']['format'];
export type AuditExportQuery = Omit<operations['exportAudit']['parameters']['query'], 'format'>;

/** A file saved right after the export: its detached signature, `<file>.sig`. */
export interface SavedSignature {
  blob: Blob;
  fileName: string;
}

export interface CaseExportFile {
  blob: Blob;
  fileName: string;
  format: CaseExportFormat;
  /** A PDF's `.sig`, saved with it; the JSON bundle and the CSV zip carry their signature inside. */
  companion: SavedSignature | null;
  signature: ExportSignature | null;
  /** Why the signature could not be read, when it could not. */
  signatureProblem: string | null;
  /** Whether TLP:RED observables were asked for (include_red=true; the export's audit event records it). */
  includeRed: boolean;
  /** TLP:RED observables the server left out (X-Caseward-Withheld). */
  withheld: number;
}

export interface AuditExportFile {
  blob: Blob;
  fileName: string;
  format: AuditExportFormat;
  /** JSON lines only: the chain check and the signed last line. */
  trailer: JsonlTrailer | null;
  /** CSV only: the zip's SIGNATURE.json (its manifest signs audit_events.csv and the chain check). */
  signature: ExportSignature | null;
}

const caseTypes: Record<CaseExportFormat, string> = {
  json: 'application/json',
  csv: 'application/zip',
  pdf: 'application/pdf',
};
const caseExtensions: Record<CaseExportFormat, string> = { json: 'json', csv: 'zip', pdf: 'pdf' };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * signatureCompanion writes an export's `.sig` from its signature headers. The key fingerprint is the
 * server's (X-Caseward-Key-Fingerprint, or the manifest's); an older server sends none, and then it is
 * computed from the published key the manifest names.
 */
export async function signatureCompanion(
  client: Client<paths>,
  sig: ExportSignature,
  exportFileName: string,
  signal?: AbortSignal,
): Promise<{ signature: ExportSignature; companion: SavedSignature }> {
  let fingerprint = sig.keyFingerprint;
  if (!fingerprint) {
    const keys = await publishedKeys(unwrap(await client.GET('/export-keys', { signal })).items);
    fingerprint = keys.find((k) => k.id === sig.keyId)?.fingerprint ?? null;
    if (!fingerprint) throw new Error(`the key ${sig.keyId} that signed it is not published`);
  }
  const signature = { ...sig, keyFingerprint: fingerprint };
  const blob = new Blob([signatureFileContent(signature)], { type: 'application/json' });
  return { signature, companion: { blob, fileName: signatureFileName(exportFileName) } };
}

/**
 * downloadCaseExport fetches GET /cases/{id}/export, reporting progress, and reads the signature headers.
 * TLP:RED observables are in the file only with includeRed.
 */
export async function downloadCaseExport(
  client: Client<paths>,
  caseId: string,
  format: CaseExportFormat,
  onProgress: (p: DownloadProgress) => void,
  signal?: AbortSignal,
  includeRed = false,
): Promise<CaseExportFile> {
  const { data, error, response } = await client.GET('/cases/{id}/export', {
    params: { path: { id: caseId }, query: { format, include_red: includeRed } },
    parseAs: 'stream',
    signal,
  });
  if (!response.ok) throw toApiError(error, response);
  let signature: ExportSignature | null = null;
  let signatureProblem: string | null = null;
  try {
    signature = readSignature(response.headers);
    if (!signature) signatureProblem = 'The server sent no signature with this export.';
  } catch (err) {
    signatureProblem = `The signature could not be read: ${message(err)}.`;
  }
  const type = response.headers.get('Content-Type') ?? caseTypes[format];
  const blob = await readBody(data ?? null, type, startProgress(expectedLength(response.headers)), onProgress);
  const fallback = `${signature?.manifest.case_reference ?? 'case'}-export.${caseExtensions[format]}`;
  const fileName = fileNameFrom(response.headers.get('Content-Disposition'), fallback);
  let companion: SavedSignature | null = null;
  if (format === 'pdf' && signature) {
    try {
      ({ signature, companion } = await signatureCompanion(client, signature, fileName, signal));
    } catch (err) {
      signatureProblem = `Its signature file could not be written: ${message(err)}.`;
      signature = null;
    }
  }
  const withheld = Number(response.headers.get('X-Caseward-Withheld') ?? '0') || 0;
  return { blob, format, signature, signatureProblem, fileName, companion, includeRed, withheld };
}

/**
 * downloadAuditExport streams GET /audit/export; for JSON lines it reads the chain check line and the
 * signed last line, for CSV (a zip) its SIGNATURE.json, and refuses a file without them (the stream was
 * cut short), so none is saved.
 */
export async function downloadAuditExport(
  client: Client<paths>,
  query: AuditExportQuery,
  format: AuditExportFormat,
  onProgress: (p: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<AuditExportFile> {
  const { data, error, response } = await client.GET('/audit/export', {
    params: { query: { ...query, format } },
    parseAs: 'stream',
    signal,
  });
  if (!response.ok) throw toApiError(error, response);
  const type = format === 'jsonl' ? 'application/x-ndjson' : 'application/zip';
  const blob = await readBody(data ?? null, type, startProgress(expectedLength(response.headers)), onProgress);
  const fileName = fileNameFrom(
    response.headers.get('Content-Disposition'),
    `caseward-audit.${format === 'jsonl' ? 'jsonl' : 'zip'}`,
  );
  try {
    if (format === 'jsonl') return { blob, fileName, format, trailer: await readTrailer(blob), signature: null };
    return { blob, fileName, format, trailer: null, signature: await zipSignature(blob) };
  } catch (err) {
    throw new Error(`${message(err)} Nothing was saved: export it again.`, { cause: err });
  }
}

/**
 * zipSignature reads the signature a CSV zip carries as its last entry, SIGNATURE.json (no other entry
 * is decompressed); a zip without it was cut short.
 */
export async function zipSignature(blob: Blob): Promise<ExportSignature> {
  let entry: Uint8Array | undefined;
  try {
    entry = unzipSync(new Uint8Array(await blob.arrayBuffer()), { filter: (f) => f.name === SIGNATURE_ENTRY })[
      SIGNATURE_ENTRY
    ];
  } catch {
    entry = undefined;
  }
  if (!entry) throw new Error('The export was cut off: the zip holds no SIGNATURE.json.');
  const sig = parseObject(decodeText(entry) ?? '');
  if (typeof sig?.manifest_base64 !== 'string' || typeof sig.signature_base64 !== 'string') {
    throw new Error('Its SIGNATURE.json is not a Caseward signature file.');
  }
  const manifest = parseManifestHeader(sig.manifest_base64);
  return {
    manifest,
    manifestBase64: sig.manifest_base64,
    signatureBase64: sig.signature_base64,
    keyId: manifest.key_id,
    keyFingerprint: manifest.key_fingerprint ?? null,
  };
}
