// Durations as the restoration screens say them ("3 d 4 h"); dates through components/dates.
const DAY_MS = 86_400_000;

// The dates themselves come from the one formatter (components/dates): the reader's locale and zone.
export { formatClock, formatDate, formatDateTime, formatDayMonth, formatDeadline, toLocalInput } from '../dates';
import { formatDayMonth, fromLocalInput as fromInput } from '../dates';

/** fromLocalInput reads a datetime-local value in the reader's zone as RFC 3339 UTC; null when empty or unreadable. */
export function fromLocalInput(value: string): string | null {
  return fromInput(value.trim()) ?? null;
}

const parse = (iso: string | null | undefined): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** formatShortDate is a chart tick ("19 Dec"). */
export function formatShortDate(ms: number): string {
  return formatDayMonth(new Date(ms).toISOString());
}

/** formatDuration says a length of time in its two largest units: "3 d 4 h", "5 h 12 min", "12 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return '< 1 min';
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/** daysLabel says whole days down: "less than a day", "1 day", "12 days". */
export function daysLabel(days: number): string {
  if (days <= 0) return 'less than a day';
  return days === 1 ? '1 day' : `${days} days`;
}

/** daysBetween is how many days b falls after a, rounded up (0 when not after). */
export function daysBetween(a: string | null | undefined, b: string | null | undefined): number {
  const from = parse(a);
  const to = parse(b);
  if (!from || !to) return 0;
  const diff = to.getTime() - from.getTime();
  return diff > 0 ? Math.ceil(diff / DAY_MS) : 0;
}

/** dueMoved reports whether a milestone's due date is no longer its first (moved or cleared): a re-plan. */
export function dueMoved(m: { due_at: string | null; baseline_due_at: string | null }): boolean {
  return m.baseline_due_at !== null && (m.due_at === null || Date.parse(m.due_at) !== Date.parse(m.baseline_due_at));
}
