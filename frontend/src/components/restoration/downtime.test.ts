import { describe, expect, it } from 'vitest';

import { barLengths, downtimeByService } from './downtime';
import { dashboardItem } from './testing';

const NOW = Date.parse('2026-03-05T09:00:00Z');
const DAY = 86_400;

describe('downtimeByService', () => {
  const items = [
    // Still down for 4 days.
    dashboardItem({ id: 'a', service_id: 'svc-a', suspended_at: '2026-03-01T09:00:00Z' }, { service_name: 'Alpha' }),
    // Restored after 2 days, then down again for 1 day: both count for Beta.
    dashboardItem(
      { id: 'b1', service_id: 'svc-b', status: 'restored', suspended_at: '2026-02-20T09:00:00Z', restored_at: '2026-02-22T09:00:00Z', downtime_seconds: 2 * DAY },
      { service_name: 'Beta' },
    ),
    dashboardItem({ id: 'b2', service_id: 'svc-b', suspended_at: '2026-03-04T09:00:00Z' }, { service_name: 'Beta' }),
    // Restored after half a day.
    dashboardItem(
      { id: 'c', service_id: 'svc-c', status: 'restored', suspended_at: '2026-03-01T09:00:00Z', restored_at: '2026-03-01T21:00:00Z', downtime_seconds: DAY / 2 },
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

  it('scales the longest bar to the full track and the others in proportion', () => {
    const bars = downtimeByService(items, NOW);
    const max = bars[0]!.totalSeconds;
    expect(barLengths(bars[0]!, max, 400)).toEqual({ restored: 0, ongoing: 400 });
    expect(barLengths(bars[1]!, max, 400)).toEqual({ restored: 200, ongoing: 100 });
    expect(barLengths(bars[2]!, max, 400)).toEqual({ restored: 50, ongoing: 0 });
    expect(barLengths(bars[2]!, 0, 400)).toEqual({ restored: 0, ongoing: 0 });
  });
});
