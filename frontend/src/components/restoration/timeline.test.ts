import { describe, expect, it } from 'vitest';

import { placeLabels } from './MilestoneTimeline';
import { milestone, suspension } from './testing';
import { buildTimeline, dayTicks, scaleTime } from './timeline';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-03-05T12:00:00Z');

const plan = suspension({
  suspended_at: '2026-03-01T09:00:00Z',
  expected_restoration_at: '2026-03-22T17:00:00Z',
  projected_restoration_at: '2026-03-28T17:00:00Z',
  slipping: true,
  milestones: [
    // Given out of order on purpose: the chart follows position.
    milestone({ id: 'm3', title: 'Penetration test', position: 3, due_at: '2026-03-28T17:00:00Z' }),
    milestone({
      id: 'm1',
      title: 'Security review',
      position: 1,
      due_at: '2026-03-04T17:00:00Z',
      status: 'done',
      completed_at: '2026-03-04T10:00:00Z',
    }),
    milestone({ id: 'm2', title: 'Supplier fix', position: 2, due_at: '2026-03-03T17:00:00Z', overdue: true }),
    milestone({ id: 'm4', title: 'Sign-off', position: 4, due_at: null }),
  ],
});

describe('buildTimeline', () => {
  const t = buildTimeline(plan, NOW);

  it('keeps the plan order and chains each bar from the latest earlier due date before its own', () => {
    expect(t.rows.map((r) => r.id)).toEqual(['m1', 'm2', 'm3', 'm4']);
    const [review, fix, pentest, signOff] = t.rows;
    expect(review?.start).toBe(at('2026-03-01T09:00:00Z')); // the first bar starts with the suspension
    // Supplier fix is due before the review: it cannot start after the review's due date.
    expect(fix?.start).toBe(at('2026-03-01T09:00:00Z'));
    expect(pentest?.start).toBe(at('2026-03-04T17:00:00Z'));
    expect(pentest?.end).toBe(at('2026-03-28T17:00:00Z'));
    expect(signOff?.end).toBeNull();
  });

  it('marks done and overdue milestones', () => {
    expect(t.rows[0]).toMatchObject({ status: 'done', completedAt: at('2026-03-04T10:00:00Z') });
    expect(t.rows[1]?.overdue).toBe(true);
  });

  it('shows the whole story: suspension, bars, today, expected and projected dates', () => {
    for (const p of [
      t.suspendedAt,
      t.today,
      t.expected!,
      t.projected!,
      ...t.rows.flatMap((r) => [r.start, r.end ?? r.start]),
    ]) {
      expect(p).toBeGreaterThan(t.from);
      expect(p).toBeLessThan(t.to);
    }
  });

  it('gives a plan of one instant a window of at least a day', () => {
    const s = suspension({
      suspended_at: '2026-03-05T12:00:00Z',
      expected_restoration_at: null,
      projected_restoration_at: null,
    });
    const one = buildTimeline({ ...s, milestones: [milestone({ due_at: null })] }, NOW);
    expect(one.to - one.from).toBeGreaterThanOrEqual(86_400_000);
  });
});

describe('scaleTime', () => {
  const x = scaleTime(1_000, 2_000, 100, 700);
  it('maps the window linearly onto the axis and clamps outside it', () => {
    expect(x(1_000)).toBe(100);
    expect(x(1_500)).toBe(400);
    expect(x(2_000)).toBe(700);
    expect(x(0)).toBe(100);
    expect(x(9_999)).toBe(700);
  });
});

describe('dayTicks', () => {
  it('never crowds the axis and stays inside the window', () => {
    for (const days of [1, 3, 10, 21, 60, 400]) {
      const from = at('2026-03-01T09:00:00Z');
      const to = from + days * 86_400_000;
      const ticks = dayTicks(from, to, 7);
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.length).toBeLessThanOrEqual(8);
      for (const tick of ticks) {
        expect(tick).toBeGreaterThanOrEqual(from);
        expect(tick).toBeLessThanOrEqual(to);
      }
    }
  });
});

describe('placeLabels', () => {
  it('moves a label that would overlap its neighbour to the second lane', () => {
    expect(
      placeLabels([
        { x: 300, text: 'Today' },
        { x: 500, text: 'Expected' },
      ]),
    ).toEqual([0, 0]);
    expect(
      placeLabels([
        { x: 480, text: 'Expected' },
        { x: 500, text: 'Projected' },
      ]),
    ).toEqual([0, 1]);
  });
});
