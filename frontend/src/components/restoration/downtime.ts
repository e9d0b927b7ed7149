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

/** barLengths scales a bar's two parts to a track of `width`, the longest bar filling it. */
export function barLengths(bar: DowntimeBar, maxSeconds: number, width: number): { restored: number; ongoing: number } {
  if (maxSeconds <= 0) return { restored: 0, ongoing: 0 };
  const k = width / maxSeconds;
  return { restored: bar.restoredSeconds * k, ongoing: bar.ongoingSeconds * k };
}
