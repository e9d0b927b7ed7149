// What the service page draws from the figures: day colours and words, and month bars that
// stay readable when one outage dwarfs the rest (capped, with the value printed).
import { formatCalendarDay, formatCalendarMonth } from '../../components/dates';
import { formatDuration } from '../../components/restoration/format';
import type { DayAvailability, DayState, MonthDowntime } from './types';

export const dayStateInfo: Record<DayState, { label: string; color: string }> = {
  up: { label: 'No downtime', color: 'teal.6' },
  partial: { label: 'Partly down', color: 'yellow.6' },
  down: { label: 'Down all day', color: 'red.6' },
};

/** formatDay says a UTC day ("1 Dec 2026") from "2026-12-01". */
export const formatDay = formatCalendarDay;

/** formatMonth says a UTC month ("Nov 2026") from "2026-11". */
export const formatMonth = formatCalendarMonth;

/** dayLabel is a day's tooltip: "1 Dec 2026: down 3 h 20 min (UTC)", "1 Dec 2026: no downtime". */
export function dayLabel(d: DayAvailability): string {
  if (d.state === 'up') return `${formatDay(d.date)}: no downtime`;
  const how = d.state === 'down' ? 'down all day' : `down ${formatDuration(d.down_seconds)}`;
  return `${formatDay(d.date)}: ${how}`;
}

/** formatPercent says an availability as status pages do: "100%", "99.95%", "0%". */
export function formatPercent(p: number): string {
  const rounded = Math.floor(p * 100) / 100;
  return `${rounded.toFixed(2).replace(/\.?0+$/, '')}%`;
}

export interface MonthBar {
  month: string;
  seconds: number;
  /** The bar's share of the track, 0–1. */
  fraction: number;
  /** The bar is longer than the scale: drawn full with a break, its value printed. */
  capped: boolean;
}

/**
 * monthBars scales the months to a track. When the longest month is more than three times the
 * next longest, the scale stops at twice that next one: the outlier is drawn full and marked as
 * capped, so the other months stay readable. Each bar also prints its value, so no size lies.
 */
export function monthBars(months: MonthDowntime[]): MonthBar[] {
  const sorted = months
    .map((m) => m.seconds)
    .filter((s) => s > 0)
    .sort((a, b) => b - a);
  const [first, second] = sorted;
  if (first === undefined)
    return months.map((m) => ({ month: m.month, seconds: m.seconds, fraction: 0, capped: false }));
  const scale = second !== undefined && first > 3 * second ? 2 * second : first;
  return months.map((m) => ({
    month: m.month,
    seconds: m.seconds,
    fraction: Math.min(m.seconds / scale, 1),
    capped: m.seconds > scale,
  }));
}
