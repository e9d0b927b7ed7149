import { describe, expect, it } from 'vitest';

import { readFilters, toQuery, totalLabel, writeFilters } from './filters';

describe('the cases list filters in the URL', () => {
  it('reads mine, breach status, opened between and the deadline sort, and writes them back', () => {
    const search = new URLSearchParams(
      'mine=1&breach=confirmed&breach=nonsense&opened_from=2026-03-01&opened_to=2026-03-31&sort=regulator_due',
    );
    const f = readFilters(search);
    expect(f).toMatchObject({
      mine: true,
      breach: ['confirmed'],
      openedFrom: '2026-03-01',
      openedTo: '2026-03-31',
      sort: 'regulator_due',
    });
    expect(writeFilters(f).toString()).toBe(
      'mine=1&breach=confirmed&opened_from=2026-03-01&opened_to=2026-03-31&sort=regulator_due',
    );
  });

  it('drops days that are not days and unknown sorts', () => {
    const f = readFilters(new URLSearchParams('opened_from=yesterday&opened_to=2026-13-45&sort=regulator'));
    expect(f.openedFrom).toBeUndefined();
    expect(f.openedTo).toBeUndefined();
    expect(f.sort).toBe('-opened');
    expect(writeFilters(f).toString()).toBe('');
  });

  it('asks the API for my cases and for whole days in the reader’s time zone', () => {
    const q = toQuery(readFilters(new URLSearchParams('mine=1&opened_from=2026-03-01&opened_to=2026-03-31')), 'me-id');
    expect(q.owner_id).toBe('me-id');
    expect(q.opened_after).toBe(new Date(2026, 2, 1).toISOString());
    expect(q.opened_before).toBe(new Date(2026, 3, 1).toISOString());
    expect(toQuery(readFilters(new URLSearchParams('')), 'me-id').owner_id).toBeUndefined();
  });

  it('says the total as people read it', () => {
    expect(totalLabel(1, false)).toBe('1 case');
    expect(totalLabel(312, false)).toBe('312 cases');
    expect(totalLabel(10000, true)).toBe('10\u00a0000+ cases');
  });
});
