import { describe, expect, it } from 'vitest';

import { ApiError, errorMessage, parseRetryAfter, toApiError } from './problem';

describe('problem helpers', () => {
  it('maps each field to its first message and prefers detail over title', () => {
    const error = toApiError(
      {
        type: 'urn:caseward:problem:validation',
        title: 'Unprocessable Entity',
        status: 422,
        detail: 'the request is not valid',
        errors: [
          { field: 'email', message: 'must be an email address' },
          { field: 'email', message: 'second message' },
          { field: 'password', message: 'is required' },
        ],
      },
      new Response(null, { status: 422 }),
    );

    expect(error.message).toBe('the request is not valid');
    expect(error.fieldErrors).toEqual({ email: 'must be an email address', password: 'is required' });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Sun, 29 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('survives a body that is not a problem document', () => {
    const error = toApiError('<html>Bad gateway</html>', new Response(null, { status: 502 }));
    expect(error.problem).toBeNull();
    expect(error.message).toBe('The server answered 502.');
    expect(error.fieldErrors).toEqual({});
  });

  it('words network failures for people', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toMatch(/Could not reach the Caseward server/);
    expect(errorMessage(new ApiError(403, null))).toBe('The server answered 403.');
  });
});
