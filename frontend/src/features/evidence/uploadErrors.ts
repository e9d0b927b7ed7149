// What a failed upload says, and where: field errors on their fields, the rest plainly above the form.
import { ApiError, errorMessage } from '../../api/problem';
import { humanize } from '../../components/humanize';
import { UploadInterrupted } from './upload';

export const uploadFields = ['title', 'kind', 'description', 'source', 'collected_at', 'file'] as const;
export type UploadField = (typeof uploadFields)[number];

export const uploadLabels: Record<UploadField, string> = {
  title: 'Title',
  kind: 'Kind',
  description: 'Description',
  source: 'Source',
  collected_at: 'Collected at',
  file: 'The file',
};

export interface UploadErrorView {
  fields: Partial<Record<UploadField, string>>;
  /** The server received other bytes than the browser hashed; server is the hash it found. */
  mismatch: { server: string | null; message: string } | null;
  alert: { title: string; message: string; color: 'red' | 'gray' } | null;
}

const none: UploadErrorView = { fields: {}, mismatch: null, alert: null };

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** describeUploadError turns anything an upload may throw into what the dialog shows. */
export function describeUploadError(error: unknown): UploadErrorView {
  if (!error) return none;
  if (isAbort(error)) {
    return {
      ...none,
      alert: { title: 'Upload cancelled', message: 'The upload was cancelled. Nothing was kept.', color: 'gray' },
    };
  }
  if (error instanceof UploadInterrupted) {
    return {
      ...none,
      alert: {
        title: 'Upload interrupted',
        message: `${error.message} A very large file may also be over the server's upload limit.`,
        color: 'red',
      },
    };
  }
  if (!(error instanceof ApiError))
    return { ...none, alert: { title: 'Could not upload', message: errorMessage(error), color: 'red' } };

  switch (error.status) {
    case 413:
      return {
        ...none,
        fields: { file: 'This file is larger than the server accepts.' },
        alert: {
          title: 'File too large',
          message:
            'The file is larger than this Caseward server accepts, so nothing was kept. An administrator can raise the limit (CASEWARD_MAX_UPLOAD).',
          color: 'red',
        },
      };
    case 401:
      return {
        ...none,
        alert: {
          title: 'Signed out',
          message: 'Your session has ended. Sign in again, then retry the upload.',
          color: 'red',
        },
      };
    case 403:
      return {
        ...none,
        alert: { title: 'Not allowed', message: 'Your role may not add evidence to this case.', color: 'red' },
      };
    case 404:
      return {
        ...none,
        alert: {
          title: 'Case not found',
          message: 'This case no longer exists or is no longer visible to you.',
          color: 'red',
        },
      };
  }

  const fields: UploadErrorView['fields'] = {};
  const others: string[] = [];
  let mismatch: UploadErrorView['mismatch'] = null;
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    if (field === 'sha256') {
      mismatch = { server: /\b([0-9a-f]{64})\b/i.exec(message)?.[1]?.toLowerCase() ?? null, message };
    } else if ((uploadFields as readonly string[]).includes(field)) {
      fields[field as UploadField] = humanize(message, uploadLabels[field as UploadField]);
    } else {
      others.push(`${field}: ${message}`);
    }
  }
  const placed = Object.keys(fields).length > 0 || mismatch !== null;
  if (error.status === 422 && placed && others.length === 0) return { fields, mismatch, alert: null };
  return {
    fields,
    mismatch,
    alert: {
      title: 'Could not upload',
      message: others.length > 0 ? others.join('; ') : errorMessage(error),
      color: 'red',
    },
  };
}
