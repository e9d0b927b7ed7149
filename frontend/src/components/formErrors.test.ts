import { describe, expect, it } from 'vitest';

import { toApiError } from '../api/problem';
import { splitErrors } from './formErrors';

describe('splitErrors', () => {
  it('puts the server’s field messages on the form’s fields, "is required" as a sentence', () => {
    const error = toApiError(
      {
        type: 'urn:caseward:problem:validation',
        title: 'Unprocessable Entity',
        status: 422,
        detail: 'the request is not valid',
        errors: [
          { field: 'title', message: 'is required' },
          { field: 'severity', message: 'must be one of low, medium, high, critical' },
          { field: 'owner_id', message: 'must be an id (a UUID such as 0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f)' },
        ],
      },
      new Response(null, { status: 422 }),
    );

    expect(splitErrors(error, ['title', 'severity'] as const)).toEqual({
      fields: { title: 'This field is required.', severity: 'must be one of low, medium, high, critical' },
      others: ['owner_id: must be an id (a UUID such as 0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f)'],
    });
  });

  it('leaves errors that are not the server’s alone', () => {
    expect(splitErrors(new Error('offline'), ['title'] as const)).toEqual({ fields: {}, others: [] });
  });
});
