import { describe, expect, it } from 'vitest';

import { sampleCase } from '../../test/signedIn';
import { AWARE_BEFORE_DETECTED, caseValues, changedDetails, newCaseValues, validateCase } from './caseForm';
import { validateRegulator, regulatorValues } from './regulatorForm';

const now = Date.parse('2026-03-10T12:00:00Z');

describe('the case checks the client makes', () => {
  it('finds every problem at once, in the words of the labels', () => {
    const v = { ...newCaseValues(now), title: '  ', detected_at: '2026-03-02T10:00', aware_at: '2026-03-01T10:00' };
    expect(validateCase(v, now)).toEqual({
      title: 'Title is required.',
      category: 'Category is required.',
      aware_at: AWARE_BEFORE_DETECTED,
    });
  });

  it('refuses times in the future, as the server does, and takes a good case', () => {
    const v = { ...caseValues(sampleCase()), detected_at: '2026-04-01T10:00', aware_at: '2026-04-01T11:00' };
    expect(validateCase(v, now)).toEqual({
      detected_at: 'Detected at is in the future.',
      aware_at: 'Aware at is in the future.',
    });
    expect(validateCase(caseValues(sampleCase()), now)).toEqual({});
  });

  it('sends only what changed', () => {
    const c = sampleCase();
    expect(changedDetails(c, caseValues(c))).toEqual({});
    expect(changedDetails(c, { ...caseValues(c), title: ' New title ', member_ids: [] })).toEqual({
      title: 'New title',
    });
  });
});

describe('the regulator checks the client makes', () => {
  it('asks for the reference and, when late, the reason for the delay', () => {
    const c = sampleCase(); // aware 2 Mar 09:00 UTC, due 5 Mar 09:00 UTC
    const v = { ...regulatorValues(c), regulator_notified_at: '2026-03-08T10:00' };
    expect(validateRegulator(c, v, 'notified', now)).toEqual({
      regulator_reference: "Regulator's reference is required once the regulator has been notified.",
      regulator_delay_reason:
        'Reason for the delay is required: the regulator was notified more than 72 hours after you became aware (Art. 33(1)).',
    });
    expect(validateRegulator(c, { ...v, regulator_notified_at: '' }, 'notified', now)).toMatchObject({
      regulator_notified_at: 'Notified at is required.',
    });
    expect(validateRegulator(c, v, 'undecided', now)).toEqual({});
  });
});
