// The one call that does not go through openapi-fetch: an evidence upload, sent with
// XMLHttpRequest because fetch cannot report upload progress. It authenticates the way
// the client does (the in-memory access token, one refresh and one retry on a 401).
import type { Api } from '../../api/client';
import { ApiError, isProblem, parseRetryAfter } from '../../api/problem';
import type { Evidence, EvidenceKind } from './types';

/** The form fields of POST /cases/{id}/evidence; the file goes last. */
export interface UploadFields {
  title: string;
  kind: EvidenceKind;
  description?: string;
  source?: string;
  /** RFC 3339. */
  collected_at?: string;
  /** The browser's own hex SHA-256 of file, checked by the server on arrival. */
  sha256?: string;
  file?: Blob | null;
  /** The file's name (a File carries its own). */
  fileName?: string;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  /** Where the API is; the client's default. */
  baseUrl?: string;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** UploadInterrupted: the connection failed before the server answered (nothing is kept then). */
export class UploadInterrupted extends Error {
  constructor() {
    super(
      'The upload was interrupted before the server answered. Nothing was kept: check your connection and try again.',
    );
    this.name = 'UploadInterrupted';
  }
}

/** A token this close to expiry is renewed before an upload starts: a long upload must not be refused at the end. */
const FRESH_FOR_MS = 60_000;

/** uploadForm builds the multipart body: the metadata first, the file last (the server streams it). */
export function uploadForm(fields: UploadFields): FormData {
  const form = new FormData();
  form.append('title', fields.title);
  form.append('kind', fields.kind);
  for (const name of ['description', 'source', 'collected_at', 'sha256'] as const) {
    const value = fields[name];
    if (value) form.append(name, value);
  }
  if (fields.file) {
    const name = fields.fileName ?? (fields.file instanceof File ? fields.file.name : 'upload.bin');
    form.append('file', fields.file, name);
  }
  return form;
}

interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

function send(url: string, form: FormData, token: string | null, options: UploadOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', abort);
    xhr.open('POST', url);
    xhr.responseType = 'text';
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.({ loaded: e.loaded, total: e.total });
    };
    xhr.onload = () => {
      done();
      let body: unknown;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : null;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body, retryAfter: xhr.getResponseHeader('Retry-After') });
    };
    xhr.onerror = () => {
      done();
      reject(new UploadInterrupted());
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    };
    xhr.send(form);
  });
}

/**
 * uploadEvidence adds an item to a case with its file, reporting progress. On a 401 it
 * refreshes the session once (as the client does) and sends the upload again; a refused
 * refresh ends the session, and the 401 is thrown as an ApiError. Any other refusal is
 * an ApiError with the problem document (413 too large, 422 with field errors).
 */
export async function uploadEvidence(
  api: Api,
  caseId: string,
  fields: UploadFields,
  options: UploadOptions = {},
): Promise<Evidence> {
  const url = `${options.baseUrl ?? '/api/v1'}/cases/${encodeURIComponent(caseId)}/evidence`;
  const { session } = api;
  let refreshed = false;
  if (session.refreshToken() && session.msUntilExpiry() < FRESH_FOR_MS) {
    refreshed = (await api.refresh()) !== 'unavailable';
  }
  let token = session.token();
  let answer = await send(url, uploadForm(fields), token, options);
  if (answer.status === 401) {
    const current = session.token();
    // Someone renewed the token meanwhile, or a refresh now succeeds: send once more.
    const retry = (current && current !== token) || (!refreshed && (await api.refresh()) === 'refreshed');
    if (retry) {
      token = session.token();
      options.onProgress?.({ loaded: 0, total: fields.file?.size ?? 0 });
      answer = await send(url, uploadForm(fields), token, options);
    }
  }
  if (answer.status === 201) return answer.body as Evidence;
  throw new ApiError(answer.status, isProblem(answer.body) ? answer.body : null, parseRetryAfter(answer.retryAfter));
}
