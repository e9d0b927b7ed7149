// Downloading exports through the API client, with progress, and reading what signs them.
import type { Client } from 'openapi-fetch';

import { toApiError } from '../../api/problem';
import type { operations, paths } from '../../api/schema';
import { readTrailer, type JsonlTrailer } from './jsonl';
import { readSignature, type ExportSignature } from './manifest';
import { expectedLength, readBody, startProgress, type DownloadProgress } from './progress';
import { fileNameFrom } from '../../components/download';

export type CaseExportFormat = operations['exportCase']['parameters']['query']['format'];
export type AuditExportFormat = operations['exportAudit']['parameters']['query']['format'];
export type AuditExportQuery = Omit<operations['exportAudit']['parameters']['query'], 'format'>;

export interface CaseExportFile {
  blob: Blob;
  fileName: string;
  format: CaseExportFormat;
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
}

const caseTypes: Record<CaseExportFormat, string> = { json: 'application/json', csv: 'application/zip', pdf: 'application/pdf' };
const caseExtensions: Record<CaseExportFormat, string> = { json: 'json', csv: 'zip', pdf: 'pdf' };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

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
  return { blob, format, signature, signatureProblem, fileName: fileNameFrom(response.headers.get('Content-Disposition'), fallback) };
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
  if (format !== 'jsonl') return { blob, fileName, format, trailer: null };
  try {
    return { blob, fileName, format, trailer: await readTrailer(blob) };
  } catch (err) {
    throw new Error(`${message(err)} Nothing was saved: export it again.`);
  }
}
