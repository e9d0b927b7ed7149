import { describe, expect, it } from 'vitest';

import { daysBetween, daysLabel, formatDate, formatDuration, fromLocalInput, toLocalInput } from './format';

describe('formatDuration', () => {
  it.each([
    [0, '< 1 min'],
    [59, '< 1 min'],
    [60, '1 min'],
    [3_600, '1 h'],
    [3_660 + 59, '1 h 1 min'],
    [86_400, '1 d'],
    [86_400 * 12 + 3_600 * 5 + 1_234, '12 d 5 h'],
    [-5, '< 1 min'],
  ])('%i s → %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe('daysLabel and daysBetween', () => {
  it('says whole days', () => {
    expect(daysLabel(0)).toBe('less than a day');
    expect(daysLabel(1)).toBe('1 day');
    expect(daysLabel(21)).toBe('21 days');
  });

  it('counts the days a date falls after another, rounding up', () => {
    expect(daysBetween('2026-03-22T17:00:00Z', '2026-03-28T17:00:00Z')).toBe(6);
    expect(daysBetween('2026-03-22T17:00:00Z', '2026-03-22T18:00:00Z')).toBe(1);
    expect(daysBetween('2026-03-22T17:00:00Z', '2026-03-20T17:00:00Z')).toBe(0);
    expect(daysBetween(null, '2026-03-20T17:00:00Z')).toBe(0);
  });
});

describe('dates', () => {
  it('formats a day, with a fallback for none', () => {
    expect(formatDate('2026-12-19T12:00:00Z')).toBe('19 Dec 2026');
    expect(formatDate(null)).toBe('—');
    expect(formatDate(undefined, 'Not set')).toBe('Not set');
  });

  it('round-trips a datetime-local value through UTC', () => {
    const iso = fromLocalInput('2026-12-19T17:00');
    expect(iso).toMatch(/^2026-12-19T\d\d:00:00\.000Z$/);
    expect(toLocalInput(iso)).toBe('2026-12-19T17:00');
    expect(fromLocalInput('')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });
});
