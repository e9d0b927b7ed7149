// The one way the SPA shows time. Every time is shown in the reader's locale (navigator.language) and in
// their time zone (the one chosen in their profile, else the browser's), with the zone named:
// "23 Dec 2026, 03:28 CET" (en-GB), "23 gru 2026, 03:28 CET" (pl-PL). Deadlines add how far away they are:
// "23 Dec 2026, 03:28 CET (in 5 hours)". Inputs (datetime-local) are read and filled in the same zone.

import { browserTimeZone, knownZone, utcToWallTime, wallTimeToUtc } from './zones';

function browserLocale(): string {
  try {
    return (typeof navigator !== 'undefined' && navigator.language) || 'en-GB';
  } catch {
    return 'en-GB';
  }
}

interface Settings {
  locale: string;
  /** The zone chosen in the profile; null follows the browser's. */
  chosenZone: string | null;
}

const settings: Settings = { locale: browserLocale(), chosenZone: null };
const listeners = new Set<() => void>();
let version = 0;

/** configureDates sets the locale and the chosen zone (null: the browser's); screens re-render through useDates. */
export function configureDates(next: { locale?: string; zone?: string | null }): void {
  let changed = false;
  if (next.locale !== undefined && next.locale !== settings.locale) {
    settings.locale = next.locale;
    changed = true;
  }
  if (next.zone !== undefined) {
    const zone = next.zone && knownZone(next.zone) ? next.zone : null;
    if (zone !== settings.chosenZone) {
      settings.chosenZone = zone;
      changed = true;
    }
  }
  if (changed) {
    formatters.clear();
    relative = undefined;
    version++;
    listeners.forEach((l) => l());
  }
}

/** timeZone is the zone times are shown and typed in now. */
export const timeZone = (): string => settings.chosenZone ?? browserTimeZone();

/** dateLocale is the locale times are shown in now. */
export const dateLocale = (): string => settings.locale;

/** subscribeDates and datesVersion let React re-render when the zone or locale changes (useSyncExternalStore). */
export function subscribeDates(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export const datesVersion = (): number => version;

const formatters = new Map<string, Intl.DateTimeFormat>();
let relative: Intl.RelativeTimeFormat | undefined;

function formatter(kind: 'dateTime' | 'date' | 'dayMonth' | 'clock' | 'day' | 'time', zone = timeZone()) {
  const key = `${kind}|${zone}`;
  let f = formatters.get(key);
  if (!f) {
    const base: Intl.DateTimeFormatOptions = { timeZone: zone };
    const options: Record<typeof kind, Intl.DateTimeFormatOptions> = {
      dateTime: {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZoneName: 'short',
      },
      date: { day: 'numeric', month: 'short', year: 'numeric' },
      dayMonth: { day: 'numeric', month: 'short' },
      clock: { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' },
      day: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
      time: { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
    };
    f = new Intl.DateTimeFormat(settings.locale, { ...base, ...options[kind] });
    formatters.set(key, f);
  }
  return f;
}

const parse = (iso: string | null | undefined): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

/**
 * warmDates builds the common formatters ahead of use: the first Intl formatter of a page loads the
 * locale's and zones' data, which otherwise lands in the task that renders the first list.
 */
export function warmDates(): void {
  formatter('dateTime');
  formatter('date');
  relativeFormatter();
}

/** formatDateTime shows a time with its zone: "29 Nov 2026, 14:05 CET"; fallback ("—") for none. */
export function formatDateTime(iso: string | null | undefined, fallback = '—'): string {
  const d = parse(iso);
  return d ? formatter('dateTime').format(d) : iso || fallback;
}

/** formatDate shows the day of a time in the reader's zone: "29 Nov 2026". */
export function formatDate(iso: string | null | undefined, fallback = '—'): string {
  const d = parse(iso);
  return d ? formatter('date').format(d) : iso || fallback;
}

/** formatCalendarDay says a calendar day given as "2026-12-01" (no zone: the day itself): "1 Dec 2026". */
export function formatCalendarDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? date : formatter('date', 'UTC').format(d);
}

/** formatCalendarMonth says a month given as "2026-11": "Nov 2026". */
export function formatCalendarMonth(month: string): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return month;
  return new Intl.DateTimeFormat(settings.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** formatDayMonth is a day without its year ("1 Mar"), for short lines and chart ticks. */
export function formatDayMonth(iso: string | null | undefined, fallback = '—'): string {
  const d = parse(iso);
  return d ? formatter('dayMonth').format(d) : fallback;
}

/** formatDayHeading is a day heading: "Sat, 5 Dec 2026". */
export function formatDayHeading(iso: string | number | Date): string {
  return formatter('day').format(new Date(iso));
}

/** dayKey is the reader's calendar day of a time, YYYY-MM-DD, in their zone: a stable key. */
export function dayKey(iso: string | number | Date): string {
  return utcToWallTime(new Date(iso).toISOString(), timeZone()).slice(0, 10);
}

/** formatTime is the time of day with its zone: "14:05 CET". */
export function formatTime(iso: string | number | Date): string {
  return formatter('time').format(new Date(iso));
}

/** formatClock is the time of day to the second, with its zone ("10:32:05 CET"). */
export function formatClock(iso: string | number | Date): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : formatter('clock').format(d);
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** relativeFormatter is built once per locale: a formatter per call is what makes a long list slow. */
function relativeFormatter(): Intl.RelativeTimeFormat {
  relative ??= new Intl.RelativeTimeFormat(settings.locale, { numeric: 'auto' });
  return relative;
}

/** relativeTime says how far a time is from now in the reader's locale: "in 5 hours", "3 days ago", "now". */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  const d = parse(iso);
  if (!d) return '';
  const seconds = Math.round((d.getTime() - now) / 1000);
  const rtf = relativeFormatter();
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(0, 'second');
}

/** formatDeadline shows a due time with its zone and how far away it is: "2 Dec 2026, 03:29 CET (in 5 hours)". */
export function formatDeadline(iso: string | null | undefined, fallback = '—', now: number = Date.now()): string {
  const d = parse(iso);
  return d ? `${formatDateTime(iso)} (${relativeTime(iso, now)})` : fallback;
}

/** timeAgo says how long ago a time was ("5 minutes ago", "yesterday"); older than a month, its day. */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const d = parse(iso);
  if (!d) return iso;
  if (now - d.getTime() > 30 * 86_400_000) return formatDate(iso);
  return relativeTime(iso, now);
}

// Inputs: a datetime-local value is a wall-clock time in the reader's zone.

/** toLocalInput turns an API time into a datetime-local value in the reader's zone. */
export function toLocalInput(iso: string | null | undefined): string {
  return iso ? utcToWallTime(iso, timeZone()) : '';
}

/** fromLocalInput reads a datetime-local value in the reader's zone as RFC 3339 UTC; undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  return value ? wallTimeToUtc(value, timeZone()) : undefined;
}

/** nowLocalInput is the current minute as a datetime-local value. */
export function nowLocalInput(now: number = Date.now()): string {
  return toLocalInput(new Date(now).toISOString());
}

/** zoneLabel names the zone inputs are read in, for a field's description: "Times are in Europe/Warsaw (CET)." */
export function zoneLabel(zone = timeZone(), at: number = Date.now()): string {
  const short =
    new Intl.DateTimeFormat(settings.locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(new Date(at))
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  return short && short !== zone ? `${zone} (${short})` : zone;
}
