import { describe, expect, it } from 'vitest';

import { dayLabel, groupByDay } from './timelineDays';

const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).toISOString();

describe('groupByDay', () => {
  const now = new Date(2026, 11, 5, 15).getTime();

  it('runs items of the same local day together, keeping their order, with readable day names', () => {
    const items = [
      { seq: 5, occurred_at: at(2026, 12, 5, 14) },
      { seq: 4, occurred_at: at(2026, 12, 5, 9) },
      { seq: 3, occurred_at: at(2026, 12, 4, 23) },
      { seq: 2, occurred_at: at(2026, 11, 30, 8) },
      { seq: 1, occurred_at: at(2026, 11, 30, 7) },
    ];
    const days = groupByDay(items, now);
    expect(days.map((d) => d.items.map((i) => i.seq))).toEqual([[5, 4], [3], [2, 1]]);
    expect(days[0]?.label).toBe('Today');
    expect(days[1]?.label).toBe('Yesterday');
    expect(days[2]?.label).toMatch(/30/);
    expect(days[2]?.label).toMatch(/2026/);
    expect(days.map((d) => d.key)).toEqual(['2026-12-05', '2026-12-04', '2026-11-30']);
  });

  it('starts a new run when a day comes back rather than reordering the trail', () => {
    const days = groupByDay(
      [
        { seq: 3, occurred_at: at(2026, 12, 1) },
        { seq: 2, occurred_at: at(2026, 12, 2) },
        { seq: 1, occurred_at: at(2026, 12, 1) },
      ],
      now,
    );
    expect(days.map((d) => d.items.map((i) => i.seq))).toEqual([[3], [2], [1]]);
  });

  it('is empty for no items', () => {
    expect(groupByDay([], now)).toEqual([]);
  });
});

describe('dayLabel', () => {
  it('says Yesterday across a month boundary', () => {
    expect(dayLabel(new Date(2026, 10, 30, 23), new Date(2026, 11, 1, 1))).toBe('Yesterday');
  });
});
