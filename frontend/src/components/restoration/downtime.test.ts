import { describe, expect, it } from 'vitest';

import { barLengths, downtimeByService, type DowntimeBar } from './downtime';
import { dashboardItem } from './testing';

const NOW = Date.parse('2026-03-05T09:00:00Z');
const DAY = 86_400;

describe('downtimeByService', () => {
  const items = [
    // Still down for 4 days.
    dashboardItem({ id: 'a', service_id: 'svc-a', suspended_at: '2026-03-01T09:00:00Z' }, { service_name: 'Alpha' }),
    // Restored after 2 days, then down again for 1 day: both count for Beta.
    dashboardItem(
      {
        id: 'b1',
        service_id: 'svc-b',
        status: 'restored',
        suspended_at: '2026-02-20T09:00:00Z',
        restored_at: '2026-02-22T09:00:00Z',
        downtime_seconds: 2 * DAY,
      },
      { service_name: 'Beta' },
    ),
    dashboardItem({ id: 'b2', service_id: 'svc-b', suspended_at: '2026-03-04T09:00:00Z' }, { service_name: 'Beta' }),
    // Restored after half a day.
    dashboardItem(
      {
        id: 'c',
        service_id: 'svc-c',
        status: 'restored',
        suspended_at: '2026-03-01T09:00:00Z',
        restored_at: '2026-03-01T21:00:00Z',
        downtime_seconds: DAY / 2,
      },
      { service_name: 'Gamma' },
    ),
    // Cancelled: recorded in error, no downtime.
    dashboardItem({ id: 'd', service_id: 'svc-d', status: 'cancelled' }, { service_name: 'Delta' }),
  ];

  it('adds up finished and ongoing downtime per service, longest first, without cancelled ones', () => {
    const bars = downtimeByService(items, NOW);
    expect(bars.map((b) => [b.serviceName, b.restoredSeconds, b.ongoingSeconds])).toEqual([
      ['Alpha', 0, 4 * DAY],
      ['Beta', 2 * DAY, DAY],
      ['Gamma', DAY / 2, 0],
    ]);
    expect(bars[1]?.totalSeconds).toBe(3 * DAY);
  });

  it('on a linear scale, scales the longest bar to the full track and the others in proportion', () => {
    const bars = downtimeByService(items, NOW);
    const max = bars[0]!.totalSeconds;
    expect(barLengths(bars[0]!, max, 400, 'linear')).toEqual({ restored: 0, ongoing: 400 });
    expect(barLengths(bars[1]!, max, 400, 'linear')).toEqual({ restored: 200, ongoing: 100 });
    expect(barLengths(bars[2]!, max, 400, 'linear')).toEqual({ restored: 50, ongoing: 0 });
    expect(barLengths(bars[2]!, 0, 400, 'linear')).toEqual({ restored: 0, ongoing: 0 });
  });

  it('on the log scale, a 659-day outage does not flatten a 2-day one: both visible, in order', () => {
    const bar = (id: string, restoredSeconds: number, ongoingSeconds: number): DowntimeBar => ({
      serviceId: id,
      serviceName: id,
      restoredSeconds,
      ongoingSeconds,
      totalSeconds: restoredSeconds + ongoingSeconds,
    });
    const outlier = bar('outlier', 0, 659 * DAY);
    const short = bar('short', 2 * DAY, 0);
    const hour = bar('hour', 3_600, 0);
    const max = outlier.totalSeconds;
    const width = (b: DowntimeBar) => {
      const { restored, ongoing } = barLengths(b, max, 100);
      return restored + ongoing;
    };
    expect(width(outlier)).toBeCloseTo(100);
    // Linear, the 2-day bar would be 0.3 % of the track: invisible.
    expect(barLengths(short, max, 100, 'linear').restored).toBeLessThan(0.5);
    expect(width(short)).toBeGreaterThan(30);
    expect(width(hour)).toBeGreaterThan(5);
    expect(width(hour)).toBeLessThan(width(short));
    expect(width(short)).toBeLessThan(width(outlier));
    // A bar's parts share its length in proportion to their seconds.
    const mixed = barLengths(bar('mixed', DAY, DAY), max, 100);
    expect(mixed.restored).toBeCloseTo(mixed.ongoing);
    expect(mixed.restored + mixed.ongoing).toBeCloseTo(width(short));
  });
});
