import { describe, expect, it } from 'vitest';

import { FUTURE_DAYS, PAST_DAYS, servicesTimeline } from './servicesTimeline';
import { dashboardItem } from './testing';

const NOW = Date.parse('2026-03-05T09:00:00Z');
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

describe('servicesTimeline', () => {
  it('draws each suspension from going down to its projection, or its restoration, with baseline and expected date', () => {
    const t = servicesTimeline(
      [
        dashboardItem(
          {
            id: 'slip',
            suspended_at: iso(NOW - 10 * DAY),
            baseline_restoration_at: iso(NOW + 2 * DAY),
            expected_restoration_at: iso(NOW + 20 * DAY),
            projected_restoration_at: iso(NOW + 25 * DAY),
            plan_status: 'slipping',
          },
          { service_name: 'Patient Portal' },
        ),
        dashboardItem(
          {
            id: 'none',
            suspended_at: iso(NOW - 3 * DAY),
            expected_restoration_at: null,
            baseline_restoration_at: null,
            projected_restoration_at: null,
            plan_status: 'no_plan',
          },
          { service_name: 'Payroll' },
        ),
        dashboardItem(
          {
            id: 'back',
            status: 'restored',
            suspended_at: iso(NOW - 8 * DAY),
            restored_at: iso(NOW - 2 * DAY),
            plan_status: 'restored',
          },
          { service_name: 'Library' },
        ),
        dashboardItem({ id: 'gone', status: 'cancelled', plan_status: 'cancelled' }),
      ],
      NOW,
    );
    expect(t.bars.map((b) => [b.serviceName, b.health])).toEqual([
      ['Patient Portal', 'slipping'],
      ['Payroll', 'no_plan'],
      ['Library', 'restored'],
    ]);
    const [slip, none, back] = t.bars;
    expect(slip).toMatchObject({
      start: NOW - 10 * DAY,
      end: NOW + 25 * DAY,
      baseline: NOW + 2 * DAY,
      expected: NOW + 20 * DAY,
      openEnded: false,
    });
    // Nothing known about its end: a bar to today, drawn open-ended.
    expect(none).toMatchObject({ start: NOW - 3 * DAY, end: NOW, openEnded: true, expected: null });
    expect(back).toMatchObject({ end: NOW - 2 * DAY, restored: NOW - 2 * DAY, openEnded: false });
    expect(t.from).toBeLessThan(NOW - 10 * DAY);
    expect(t.to).toBeGreaterThan(NOW + 25 * DAY);
    expect(t.today).toBe(NOW);
  });

  it('keeps the window near today, so a 659-day outage does not squeeze the others', () => {
    const t = servicesTimeline(
      [
        dashboardItem({
          id: 'old',
          suspended_at: iso(NOW - 659 * DAY),
          projected_restoration_at: iso(NOW + 900 * DAY),
        }),
        dashboardItem({ id: 'new', suspended_at: iso(NOW - 2 * DAY) }),
      ],
      NOW,
    );
    const span = PAST_DAYS + FUTURE_DAYS;
    expect(t.from).toBeGreaterThanOrEqual(NOW - PAST_DAYS * DAY - span * DAY * 0.031);
    expect(t.to).toBeLessThanOrEqual(NOW + FUTURE_DAYS * DAY + span * DAY * 0.031);
    // The outage still starts before the window: the chart cuts it with an arrow.
    expect(t.bars[0]!.start).toBeLessThan(t.from);
  });
});
