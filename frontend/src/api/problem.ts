// Turning the API's RFC 9457 problem documents into messages the UI can show.
import type { components } from './schema';

export type Problem = components['schemas']['Problem'];

/** ApiError is a non-2xx answer from the API, with its problem document when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  /** Seconds to wait before retrying, from a 429's Retry-After header. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, problem: Problem | null, retryAfterSeconds: number | null = null) {
    super(problem ? problemMessage(problem) : `The server answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Field name → message for validation errors (422), first message per field. */
  get fieldErrors(): Record<string, string> {
    return fieldErrors(this.problem);
  }

  /** Field name → the label its message starts with, where the server gave one. */
  get fieldLabels(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) {
      if (e.label && !(e.field in out)) out[e.field] = e.label;
    }
    return out;
  }
}

/** isProblem tells whether a parsed body looks like a problem document. */
export function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.status === 'number' && typeof b.title === 'string';
}

/** problemMessage is the sentence to show for a problem: its detail, else its title. */
export function problemMessage(problem: Problem): string {
  const detail = problem.detail?.trim();
  return detail ? detail : problem.title;
}

/** fieldErrors maps each field named in a problem's `errors` to its first message. */
export function fieldErrors(problem: Problem | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem?.errors ?? []) {
    if (!(e.field in out)) out[e.field] = e.message;
  }
  return out;
}

/** parseRetryAfter reads a Retry-After header: delay seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** toApiError builds the ApiError for a failed openapi-fetch call. */
export function toApiError(error: unknown, response: Response): ApiError {
  return new ApiError(
    response.status,
    isProblem(error) ? error : null,
    parseRetryAfter(response.headers.get('Retry-After')),
  );
}

/** unwrap returns a call's data, or throws its ApiError (for TanStack Query). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw toApiError(result.error, result.response);
}

/** errorMessage is a readable sentence for anything a call may throw. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return 'Could not reach the Caseward server. Check your connection and try again.';
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong.';
}
