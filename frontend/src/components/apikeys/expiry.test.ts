import { afterEach, describe, expect, it } from 'vitest';

import { configureDates } from '../dates';
import { addDays, expiresAt, expiryBounds, expiryProblem, PERSONAL_EXPIRY, TOOL_EXPIRY } from './expiry';

afterEach(() => configureDates({ locale: 'en-GB', zone: null }));

describe("a new key's expiry", () => {
  it('ends at the end of the day picked, in the reader’s zone', () => {
    configureDates({ zone: 'Europe/Warsaw' });
    expect(expiresAt('2027-03-06')).toBe('2027-03-06T22:59:00.000Z');
    configureDates({ zone: 'Asia/Tokyo' });
    expect(expiresAt('2027-03-06')).toBe('2027-03-06T14:59:00.000Z');
    expect(expiresAt('')).toBeUndefined();
    expect(expiresAt('6/3/2027')).toBeUndefined();
  });

  it('starts 90 days ahead for a tool and 30 for a person, and reaches 2 years and 1', () => {
    configureDates({ zone: 'UTC' });
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(expiryBounds(TOOL_EXPIRY, now)).toEqual({ min: '2026-12-06', max: '2028-12-06', initial: '2027-03-06' });
    expect(expiryBounds(PERSONAL_EXPIRY, now)).toEqual({ min: '2026-12-06', max: '2027-12-06', initial: '2027-01-05' });
  });

  it('never offers a day whose end is further than the server allows (a year over 29 February)', () => {
    configureDates({ zone: 'UTC' });
    // 1 March 2027 to 1 March 2028 is 366 days: the end of that day would be 366 days and 12 hours away.
    const now = Date.parse('2027-03-01T12:00:00Z');
    const bounds = expiryBounds(PERSONAL_EXPIRY, now);
    expect(bounds.max).toBe('2028-02-29');
    expect(Date.parse(expiresAt(bounds.max) ?? '') - now).toBeLessThanOrEqual(366 * 86_400_000);
  });

  it('starts tomorrow once today has ended in the reader’s zone', () => {
    configureDates({ zone: 'UTC' });
    expect(expiryBounds(TOOL_EXPIRY, Date.parse('2026-12-06T23:59:30Z')).min).toBe('2026-12-07');
  });

  it('says what is wrong with the day picked', () => {
    configureDates({ zone: 'UTC' });
    const bounds = expiryBounds(PERSONAL_EXPIRY, Date.parse('2026-12-06T12:00:00Z'));
    expect(expiryProblem('', bounds, PERSONAL_EXPIRY)).toBe('Expires on is required: every key expires.');
    expect(expiryProblem('2026-12-05', bounds, PERSONAL_EXPIRY)).toBe('Expires on must be in the future.');
    expect(expiryProblem('2027-12-07', bounds, PERSONAL_EXPIRY)).toBe(
      'Expires on must be at most a year away: 6 Dec 2027 at the latest.',
    );
    expect(expiryProblem(addDays('2026-12-06', 30), bounds, PERSONAL_EXPIRY)).toBeNull();
  });
});
