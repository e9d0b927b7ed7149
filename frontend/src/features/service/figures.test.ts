import { describe, expect, it } from 'vitest';

import { dayLabel, formatMonth, formatPercent, monthBars } from './figures';
import { suspensionSpan } from './suspensionSpan';
import type { ServiceSuspension } from './types';

describe('formatPercent', () => {
  it.each([
    [100, '100%'],
    [99.99, '99.99%'],
    [99.9, '99.9%'],
    [0, '0%'],
    [77.5, '77.5%'],
  ])('%d reads %s', (p, want) => expect(formatPercent(p)).toBe(want));
});

describe('labels', () => {
  it('say UTC days and months', () => {
    expect(dayLabel({ date: '2026-12-01', state: 'partial', down_seconds: 3 * 3_600 + 20 * 60 })).toBe(
      '1 Dec 2026: down 3 h 20 min',
    );
    expect(dayLabel({ date: '2027-01-01', state: 'down', down_seconds: 86_400 })).toBe('1 Jan 2027: down all day');
    expect(formatMonth('2025-12')).toBe('Dec 2025');
  });
});

describe('monthBars', () => {
  it('scales to the longest month when none dwarfs the others', () => {
    const bars = monthBars([
      { month: '2026-10', seconds: 100 },
      { month: '2026-11', seconds: 0 },
      { month: '2026-12', seconds: 50 },
    ]);
    expect(bars.map((b) => [b.fraction, b.capped])).toEqual([
      [1, false],
      [0, false],
      [0.5, false],
    ]);
  });

  it('caps an outlier at twice the next longest month', () => {
    const bars = monthBars([
      { month: '2025-01', seconds: 659 * 86_400 },
      { month: '2025-02', seconds: 10 },
      { month: '2025-03', seconds: 5 },
    ]);
    expect(bars.map((b) => [b.fraction, b.capped])).toEqual([
      [1, true],
      [0.5, false],
      [0.25, false],
    ]);
  });

  it('draws nothing when there was no downtime', () => {
    expect(monthBars([{ month: '2026-12', seconds: 0 }])).toEqual([
      { month: '2026-12', seconds: 0, fraction: 0, capped: false },
    ]);
  });
});

const base: ServiceSuspension = {
  id: 'a',
  case_id: 'c',
  case_reference: 'INC-2026-0001',
  status: 'restored',
  suspended_at: '2026-11-01T00:00:00Z',
  baseline_restoration_at: '2026-11-11T00:00:00Z',
  expected_restoration_at: '2026-11-11T00:00:00Z',
  restored_at: '2026-11-21T00:00:00Z',
  projected_restoration_at: '2026-11-21T00:00:00Z',
  plan_status: 'restored',
  replan_count: 0,
  slip_seconds: 10 * 86_400,
  downtime_seconds: 20 * 86_400,
};

describe('suspensionSpan', () => {
  it('puts a late restoration at the end and the promise halfway', () => {
    expect(suspensionSpan(base, Date.parse('2026-12-05T00:00:00Z'))).toEqual({
      down: 1,
      projected: null,
      baseline: 0.5,
      late: true,
    });
  });

  it('shows the projection still ahead of a suspension still down', () => {
    const s = {
      ...base,
      status: 'active' as const,
      restored_at: null,
      projected_restoration_at: '2026-11-21T00:00:00Z',
    };
    expect(suspensionSpan(s, Date.parse('2026-11-06T00:00:00Z'))).toEqual({
      down: 0.25,
      projected: 1,
      baseline: 0.5,
      late: true,
    });
  });

  it('runs to the promise when back early', () => {
    const s = { ...base, restored_at: '2026-11-06T00:00:00Z', slip_seconds: 0 };
    expect(suspensionSpan(s, Date.parse('2026-12-05T00:00:00Z'))).toEqual({
      down: 0.5,
      projected: null,
      baseline: 1,
      late: false,
    });
  });
});
