// Grouping a case's timeline by the reader's calendar day, newest first, as people read a diary.

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export interface Day<T> {
  /** The local date, YYYY-MM-DD: a stable key. */
  key: string;
  /** "Today", "Yesterday" or "Sat, 5 Dec 2026". */
  label: string;
  items: T[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** dayLabel names the local day of d relative to now. */
export function dayLabel(d: Date, now: Date): string {
  const key = localDay(d);
  if (key === localDay(now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (key === localDay(yesterday)) return 'Yesterday';
  return dayFormat.format(d);
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

/** timeOfDay shows the local time of an API time: "14:05". */
export function timeOfDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeFormat.format(d);
}
