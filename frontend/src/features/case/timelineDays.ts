// Grouping a case's timeline by the reader's calendar day (in their zone), newest first, as people read a diary.
import { dayKey, formatDayHeading, formatTime } from '../../components/dates';

export interface Day<T> {
  /** The local date, YYYY-MM-DD: a stable key. */
  key: string;
  /** "Today", "Yesterday" or "Sat, 5 Dec 2026". */
  label: string;
  items: T[];
}

const localDay = (d: Date) => dayKey(d);

/** dayLabel names the local day of d relative to now. */
export function dayLabel(d: Date, now: Date): string {
  const key = localDay(d);
  if (key === localDay(now)) return 'Today';
  if (key === localDay(new Date(now.getTime() - 86_400_000))) return 'Yesterday';
  return formatDayHeading(d);
}

/**
 * groupByDay splits items (already in order) into runs of the same local day, keeping their
 * order; a day met again later (out-of-order times) starts a new run rather than reordering.
 */
export function groupByDay<T extends { occurred_at: string }>(items: readonly T[], now: number = Date.now()): Day<T>[] {
  const days: Day<T>[] = [];
  const today = new Date(now);
  for (const item of items) {
    const d = new Date(item.occurred_at);
    const key = localDay(d);
    const last = days.at(-1);
    if (last && last.key === key) last.items.push(item);
    else days.push({ key, label: dayLabel(d, today), items: [item] });
  }
  return days;
}

/** timeOfDay shows the time of day of an API time, with its zone: "14:05 CET". */
export function timeOfDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatTime(d);
}
