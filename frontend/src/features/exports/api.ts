// Downloading exports through the API client, with progress, and reading what signs them.
import type { Client } from 'openapi-fetch';

import { toApiError, unwrap } from '../../api/problem';
import type { operations, paths } from '../../api/schema';
import { publishedKeys } from './check/keys';
import { readTrailer, type JsonlTrailer } from './jsonl';
import { readSignature, signatureFileContent, signatureFileName, type ExportSignature } from './manifest';
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
}

export interface AuditExportFile {
  blob: Blob;
  fileName: string;
  format: AuditExportFormat;
  /** JSON lines only: the chain check and the signed last line. */
  trailer: JsonlTrailer | null;
  /** CSV only: its `.sig`, when the server sent the signature in the headers. */
  companion: SavedSignature | null;
  signature: ExportSignature | null;
}

const caseTypes: Record<CaseExportFormat, string> = { json: 'application/json', csv: 'application/zip', pdf: 'application/pdf' };
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

/** downloadCaseExport fetches GET /cases/{id}/export, reporting progress, and reads the signature headers. */
export async function downloadCaseExport(
  client: Client<paths>,
  caseId: string,
  format: CaseExportFormat,
  onProgress: (p: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<CaseExportFile> {
  const { data, error, response } = await client.GET('/cases/{id}/export', {
    params: { path: { id: caseId }, query: { format } },
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
  return { blob, format, signature, signatureProblem, fileName, companion };
}

/**
 * downloadAuditExport streams GET /audit/export; for JSON lines it reads the chain check line and the
 * signed last line, and refuses a file without them (the stream was cut short), so none is saved.
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
  const type = format === 'jsonl' ? 'application/x-ndjson' : 'text/csv';
  const blob = await readBody(data ?? null, type, startProgress(expectedLength(response.headers)), onProgress);
  const fileName = fileNameFrom(response.headers.get('Content-Disposition'), `caseward-audit.${format}`);
  if (format !== 'jsonl') {
    // The signature comes in the headers from a server that sends it before the rows; in trailers, browsers never see it.
    const sent = readSignature(response.headers);
    if (!sent) return { blob, fileName, format, trailer: null, companion: null, signature: null };
    const { signature, companion } = await signatureCompanion(client, sent, fileName, signal);
    return { blob, fileName, format, trailer: null, companion, signature };
  }
  try {
    return { blob, fileName, format, trailer: await readTrailer(blob), companion: null, signature: null };
  } catch (err) {
    throw new Error(`${message(err)} Nothing was saved: export it again.`);
  }
}
