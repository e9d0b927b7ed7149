import { afterEach, describe, expect, it } from 'vitest';

import {
  configureDates,
  formatDate,
  formatDateTime,
  formatDeadline,
  fromLocalInput,
  relativeTime,
  timeZone,
  toLocalInput,
} from './dates';

const at = '2026-12-23T02:28:00Z';

afterEach(() => configureDates({ locale: 'en-GB', zone: null }));

describe('the one time formatter', () => {
  it('shows the zone and follows the locale: English and Polish month names', () => {
    configureDates({ locale: 'en-GB', zone: 'Europe/Warsaw' });
    expect(formatDateTime(at)).toBe('23 Dec 2026, 03:28 CET');
    expect(formatDate(at)).toBe('23 Dec 2026');
    configureDates({ locale: 'pl-PL' });
    expect(formatDateTime(at)).toMatch(/^23 gru 2026, 03:28 CET$/);
    expect(formatDate(at)).toBe('23 gru 2026');
  });

  it('shows a time in the chosen zone, else the browser’s', () => {
    configureDates({ locale: 'en-GB', zone: 'Asia/Tokyo' });
    expect(timeZone()).toBe('Asia/Tokyo');
    expect(formatDateTime(at)).toBe('23 Dec 2026, 11:28 GMT+9');
    configureDates({ zone: 'America/New_York' });
    expect(formatDateTime(at)).toMatch(/^22 Dec 2026, 21:28 (EST|GMT-5)$/);
    configureDates({ zone: 'Not/AZone' });
    expect(timeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(formatDateTime(null)).toBe('—');
  });

  it('says how far a deadline is, in the locale', () => {
    const now = Date.parse(at);
    configureDates({ locale: 'en-GB', zone: 'UTC' });
    expect(relativeTime('2026-12-23T07:28:00Z', now)).toBe('in 5 hours');
    expect(relativeTime('2026-12-20T02:28:00Z', now)).toBe('3 days ago');
    expect(formatDeadline('2026-12-23T07:28:00Z', '—', now)).toBe('23 Dec 2026, 07:28 UTC (in 5 hours)');
    configureDates({ locale: 'pl-PL' });
    expect(relativeTime('2026-12-23T07:28:00Z', now)).toBe('za 5 godzin');
    expect(relativeTime('2026-12-20T02:28:00Z', now)).toBe('3 dni temu');
  });

  it('reads and fills inputs in the chosen zone', () => {
    configureDates({ zone: 'Europe/Warsaw' });
    expect(fromLocalInput('2026-12-23T03:28')).toBe('2026-12-23T02:28:00.000Z');
    expect(toLocalInput('2026-12-23T02:28:00Z')).toBe('2026-12-23T03:28');
    // Summer time: two hours ahead.
    expect(fromLocalInput('2026-07-01T12:00')).toBe('2026-07-01T10:00:00.000Z');
    configureDates({ zone: 'America/Sao_Paulo' });
    expect(fromLocalInput('2026-12-23T03:28')).toBe('2026-12-23T06:28:00.000Z');
    expect(fromLocalInput('')).toBeUndefined();
  });
});
