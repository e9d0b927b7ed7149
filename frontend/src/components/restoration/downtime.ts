// Downtime per service from the dashboard's items: finished downtime of restored
// suspensions plus the ongoing downtime of those still down.
import type { DashboardItem } from './types';

export interface DowntimeBar {
  serviceId: string;
  serviceName: string;
  /** Seconds of downtime already over (restored suspensions). */
  restoredSeconds: number;
  /** Seconds the service has been down so far in a suspension still active. */
  ongoingSeconds: number;
  totalSeconds: number;
}

/** downtimeByService totals each service's downtime, longest first; cancelled suspensions count for nothing. */
export function downtimeByService(items: DashboardItem[], now: number): DowntimeBar[] {
  const bars = new Map<string, DowntimeBar>();
  for (const item of items) {
    const s = item.suspension;
    if (s.status === 'cancelled') continue;
    const bar = bars.get(s.service_id) ?? {
      serviceId: s.service_id,
      serviceName: item.service_name,
      restoredSeconds: 0,
      ongoingSeconds: 0,
      totalSeconds: 0,
    };
    const start = Date.parse(s.suspended_at);
    if (s.status === 'restored') {
      const end = s.restored_at ? Date.parse(s.restored_at) : start;
      bar.restoredSeconds += s.downtime_seconds ?? Math.max(0, (end - start) / 1000);
    } else {
      bar.ongoingSeconds += Math.max(0, (now - start) / 1000);
    }
    bar.totalSeconds = bar.restoredSeconds + bar.ongoingSeconds;
    bars.set(s.service_id, bar);
  }
  return [...bars.values()].sort(
    (a, b) => b.totalSeconds - a.totalSeconds || a.serviceName.localeCompare(b.serviceName),
  );
}

export type Scale = 'log' | 'linear';

/** The log scale counts in hours: an hour down is log 2, a day log 25, 659 days log 15 817. */
const LOG_UNIT_SECONDS = 3_600;

/** scaled is how far along a track of `width` a total of `seconds` reaches, the longest (`maxSeconds`) filling it. */
export function scaled(seconds: number, maxSeconds: number, width: number, scale: Scale = 'log'): number {
  if (maxSeconds <= 0 || seconds <= 0) return 0;
  if (scale === 'linear') return (width * seconds) / maxSeconds;
  return (width * Math.log1p(seconds / LOG_UNIT_SECONDS)) / Math.log1p(maxSeconds / LOG_UNIT_SECONDS);
}

/**
 * barLengths scales a bar's two parts to a track of `width`, the longest bar filling it. On the
 * log scale (the default) one outage of 659 days does not flatten the others: a 2-day bar still
 * reaches 40 % of the track. The bar's length follows its total; its parts share it in
 * proportion to their seconds.
 */
export function barLengths(
  bar: DowntimeBar,
  maxSeconds: number,
  width: number,
  scale: Scale = 'log',
): { restored: number; ongoing: number } {
  const length = scaled(bar.totalSeconds, maxSeconds, width, scale);
  if (length <= 0 || bar.totalSeconds <= 0) return { restored: 0, ongoing: 0 };
  const k = length / bar.totalSeconds;
  return { restored: bar.restoredSeconds * k, ongoing: bar.ongoingSeconds * k };
}
