import { describe, expect, it } from 'vitest';

import { ApiError } from '../api/problem';
import { formProblem } from './formErrors';

const fields = ['reason', 'decided_by'] as const;
const problem = (status: number, extra: object = {}) =>
  new ApiError(status, { type: 'about:blank', title: 'Refused', status, ...extra });

describe('formProblem', () => {
  it('puts field errors on their fields and says nothing above the form', () => {
    const split = formProblem(
      problem(422, { errors: [{ field: 'reason', message: 'is required' }] }),
      fields,
      'Not saved',
    );
    expect(split).toEqual({ fields: { reason: 'Reason is required.' }, form: null });
  });

  it('says a conflict plainly above the form', () => {
    const split = formProblem(problem(409, { detail: 'this service is already suspended' }), fields, 'Not saved');
    expect(split).toEqual({ fields: {}, form: { title: 'Not saved', message: 'this service is already suspended' } });
  });

  it('names a field error the form cannot show', () => {
    const split = formProblem(
      problem(422, {
        errors: [
          { field: 'reason', message: 'too long' },
          { field: 'service_id', message: 'no such service' },
        ],
      }),
      fields,
      'Not saved',
    );
    expect(split.fields).toEqual({ reason: 'Too long.' });
    expect(split.form?.message).toBe('No such service.');
  });

  it('is empty without an error, and readable for a network failure', () => {
    expect(formProblem(null, fields, 'Not saved')).toEqual({ fields: {}, form: null });
    expect(formProblem(new TypeError('Failed to fetch'), fields, 'Not saved').form?.message).toMatch(/Could not reach/);
  });
});
