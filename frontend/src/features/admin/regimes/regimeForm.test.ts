import { describe, expect, it } from 'vitest';

import { ApiError } from '../../../api/problem';
import { emptyPhase, regimeBody, regimeErrors } from './regimeForm';

describe('regimeBody', () => {
  it('sends hours or calendar months, and the phase a relative deadline follows', () => {
    const body = regimeBody({
      name: ' DORA Art. 19 ',
      description: '',
      phases: [
        { ...emptyPhase(), name: 'Initial', offset: 4 },
        { ...emptyPhase(), name: 'Final report', kind: 'after_phase', offset: 1, unit: 'months', after: 1 },
        { ...emptyPhase(), name: 'Tell customers', kind: 'none', audience: 'data_subjects' },
      ],
    });
    expect(body).toEqual({
      name: 'DORA Art. 19',
      description: '',
      phases: [
        { name: 'Initial', audience: 'regulator', rule: { kind: 'from_awareness', offset_hours: 4 } },
        {
          name: 'Final report',
          audience: 'regulator',
          rule: { kind: 'after_phase', offset_months: 1, after_phase: 1 },
        },
        { name: 'Tell customers', audience: 'data_subjects', rule: { kind: 'none' } },
      ],
    });
  });
});

describe('regimeErrors', () => {
  it("puts the server's phase errors on the phase's fields", () => {
    const error = new ApiError(422, {
      type: 'about:blank',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'the regime is not valid',
      errors: [
        { field: 'name', message: 'is already the name of another regime' },
        { field: 'phases[1].rule.after_phase', message: 'must name an earlier phase of this regime (1 for the first)' },
        { field: 'phases[0].rule', message: 'needs an offset: a number of hours or of months, not both' },
      ],
    });
    expect(regimeErrors(error)).toEqual({
      name: 'Name is already the name of another regime.',
      'phases.1.after': 'Must name an earlier phase of this regime (1 for the first).',
      'phases.0.offset': 'Needs an offset: a number of hours or of months, not both.',
    });
  });
});
