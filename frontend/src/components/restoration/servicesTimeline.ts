// The geometry of the dashboard's timeline across services: one bar per suspension from when
// the service went down to its projection (or its restoration), the baseline and the expected
// date marked, in a window around today that one long outage cannot stretch out of reach.
import { suspensionHealth, type Health } from './health';
import type { DashboardItem } from './types';

const DAY_MS = 86_400_000;

/** The window shows at most this far back and ahead of today; bars beyond are cut with an arrow. */
export const PAST_DAYS = 90;
export const FUTURE_DAYS = 150;

export interface ServiceBar {
  id: string;
  serviceId: string;
  serviceName: string;
  health: Health;
  start: number;
  /** The projection while down (the expected date, or today when neither is known), else the restoration. */
  end: number;
  /** Whether the end is only today because nothing better is known (no plan, no expected date). */
  openEnded: boolean;
  baseline: number | null;
  expected: number | null;
  restored: number | null;
}

export interface ServicesTimeline {
  from: number;
  to: number;
  today: number;
  bars: ServiceBar[];
}

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

/**
 * servicesTimeline lays out the given items (already in dashboard order; cancelled ones left
 * out). The window covers every bar and marker, but no more than PAST_DAYS before today and
 * FUTURE_DAYS after it: a 659-day outage starts at the left edge rather than squeezing every
 * other bar into a sliver.
 */
export function servicesTimeline(items: DashboardItem[], now: number): ServicesTimeline {
  const bars: ServiceBar[] = [];
  for (const item of items) {
    const s = item.suspension;
    if (s.status === 'cancelled') continue;
    const start = ms(s.suspended_at) ?? now;
    const restored = s.status === 'restored' ? ms(s.restored_at) : null;
    const projected = ms(s.projected_restoration_at) ?? ms(s.expected_restoration_at);
    const end = restored ?? projected ?? now;
    bars.push({
      id: s.id,
      serviceId: s.service_id,
      serviceName: item.service_name,
      health: suspensionHealth(s),
      start,
      end: Math.max(end, start),
      openEnded: restored === null && projected === null,
      baseline: ms(s.baseline_restoration_at),
      expected: ms(s.expected_restoration_at),
      restored,
    });
  }
  const points = [now, ...bars.flatMap((b) => [b.start, b.end, b.baseline, b.expected])].filter(
    (p): p is number => p !== null,
  );
  let from = Math.max(Math.min(...points), now - PAST_DAYS * DAY_MS);
  let to = Math.min(Math.max(...points), now + FUTURE_DAYS * DAY_MS);
  if (to - from < 7 * DAY_MS) to = from + 7 * DAY_MS;
  const pad = (to - from) * 0.03;
  from -= pad;
  to += pad;
  return { from, to, today: now, bars };
}
