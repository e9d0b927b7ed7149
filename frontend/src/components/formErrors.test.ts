import { describe, expect, it } from 'vitest';

import { toApiError } from '../api/problem';
import { splitErrors, words } from './formErrors';

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
      fields: { title: 'Title is required.', severity: 'Severity must be one of low, medium, high, critical.' },
      others: ['Owner must be an id (a UUID such as 0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f)'],
    });
  });

  it('puts the form’s label in the server’s sentence, and names other fields in words', () => {
    const error = toApiError(
      {
        type: 'urn:caseward:problem:validation',
        title: 'Unprocessable Entity',
        status: 422,
        errors: [
          { field: 'aware_at', message: 'Aware at cannot be before the time it was detected.' },
          { field: 'department_id', message: 'Department is required for a department head.' },
        ],
      },
      new Response(null, { status: 422 }),
    );
    expect(splitErrors(error, ['aware_at'] as const, { aware_at: 'Became aware' })).toEqual({
      fields: { aware_at: 'Became aware cannot be before the time it was detected.' },
      others: ['Department is required for a department head.'],
    });
  });

  it('replaces the label the server names a field by with the form’s own', () => {
    const error = toApiError(
      {
        type: 'urn:caseward:problem:validation',
        title: 'Unprocessable Entity',
        status: 422,
        errors: [{ field: 'body', message: 'Text is required (at most 20000 characters).', label: 'Text' }],
      },
      new Response(null, { status: 422 }),
    );
    expect(splitErrors(error, ['body'] as const, { body: 'Note' }).fields).toEqual({
      body: 'Note is required (at most 20000 characters).',
    });
  });

  it('leaves errors that are not the server’s alone', () => {
    expect(splitErrors(new Error('offline'), ['title'] as const)).toEqual({ fields: {}, others: [] });
  });
});

describe('words', () => {
  it('names a JSON field in words', () => {
    expect(words('department_id')).toBe('Department');
    expect(words('member_ids')).toBe('Members');
    expect(words('milestones.2.title')).toBe('Title');
    expect(words('regulator_notified_at')).toBe('Regulator notified at');
  });
});
