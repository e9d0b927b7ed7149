import { describe, expect, it } from 'vitest';

import { chosen, decisionOf } from './regulatorForm';

const v = {
  regulator_notified_at: '2026-12-01T10:00',
  regulator_reference: 'ICO-1',
  regulator_decision_rationale: 'low risk',
  regulator_delay_reason: 'late',
};

describe('the regulator decision', () => {
  it('is one choice: a notification never goes with a decision not to notify', () => {
    expect(chosen(v, 'notified')).toEqual({ ...v, regulator_decision_rationale: '' });
    expect(chosen(v, 'not_notifying')).toEqual({
      regulator_notified_at: '',
      regulator_reference: '',
      regulator_decision_rationale: 'low risk',
      regulator_delay_reason: '',
    });
    expect(Object.values(chosen(v, 'undecided')).every((x) => x === '')).toBe(true);
  });

  it('starts from what the case records', () => {
    expect(decisionOf(v)).toBe('notified');
    expect(decisionOf({ ...v, regulator_notified_at: '' })).toBe('not_notifying');
    expect(decisionOf(chosen(v, 'undecided'))).toBe('undecided');
  });
});
