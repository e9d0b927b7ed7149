// Dates and durations as the restoration screens say them ("19 Dec 2026", "3 d 4 h").
const DAY_MS = 86_400_000;

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const shortDateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

const parse = (iso: string | null | undefined): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** formatDate is a day ("19 Dec 2026"), or the fallback when there is none. */
export function formatDate(iso: string | null | undefined, fallback = '—'): string {
  const d = parse(iso);
  return d ? dateFormat.format(d) : fallback;
}

/** formatDateTime is a day and time ("19 Dec 2026, 17:00"). */
export function formatDateTime(iso: string | null | undefined, fallback = '—'): string {
  const d = parse(iso);
  return d ? dateTimeFormat.format(d) : fallback;
}

/** formatDayMonth is a day without its year ("1 Mar"), for short lines such as a promise. */
export function formatDayMonth(iso: string | null | undefined, fallback = '—'): string {
  const d = parse(iso);
  return d ? shortDateFormat.format(d) : fallback;
}

/** formatShortDate is a chart tick ("19 Dec"). */
export function formatShortDate(ms: number): string {
  return shortDateFormat.format(new Date(ms));
}

/** formatClock is the time of day of a refresh ("10:32:05"). */
export function formatClock(iso: string): string {
  const d = parse(iso);
  return d ? timeFormat.format(d) : '';
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

const pad = (n: number) => String(n).padStart(2, '0');

/** toLocalInput turns an RFC 3339 time into a datetime-local input's value, in the browser's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  const d = parse(iso);
  if (!d) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** fromLocalInput turns a datetime-local input's value into RFC 3339 UTC; null when empty or unreadable. */
export function fromLocalInput(value: string): string | null {
  if (!value.trim()) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** dueMoved reports whether a milestone's due date is no longer its first (moved or cleared): a re-plan. */
export function dueMoved(m: { due_at: string | null; baseline_due_at: string | null }): boolean {
  return m.baseline_due_at !== null && (m.due_at === null || Date.parse(m.due_at) !== Date.parse(m.baseline_due_at));
}
