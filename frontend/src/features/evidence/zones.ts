// Time zones for the chain of custody: a hand-over is recorded in the recorder's own zone
// (an IANA name such as Europe/London, or an offset such as +01:00), and shown in it and in UTC.

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** browserTimeZone is the zone the browser runs in, e.g. "Europe/London" ("UTC" when unknown). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** timeZones lists the IANA zones the browser knows, with UTC, for picking one. */
export function timeZones(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return Array.from(new Set(['UTC', ...known])).sort();
}

/** offsetMinutes reads a fixed offset such as "+05:30" (330); null when zone is not one. */
export function offsetMinutes(zone: string): number | null {
  const m = OFFSET.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return m[1] === '-' ? -minutes : minutes;
}

/** isValidTimeZone accepts an IANA zone the browser knows, or a fixed offset such as +01:00 (as the server does). */
export function isValidTimeZone(zone: string): boolean {
  if (!zone) return false;
  if (offsetMinutes(zone) !== null) return true;
  if (zone.startsWith('+') || zone.startsWith('-')) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(zone, f);
  }
  return f;
}

/** zoneOffsetMinutes is how far zone is ahead of UTC at the instant utcMs. */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  const fixed = offsetMinutes(zone);
  if (fixed !== null) return fixed;
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * wallTimeToUtc reads a datetime-local value ("2026-11-28T14:05") as a wall-clock time in zone
 * and returns the instant as RFC 3339 UTC; undefined when the value or the zone cannot be read.
 */
export function wallTimeToUtc(value: string, zone: string): string | undefined {
  const m = LOCAL_INPUT.exec(value);
  if (!m || !isValidTimeZone(zone)) return undefined;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(asUtc)) return undefined;
  // The offset depends on the instant, which depends on the offset: two rounds settle it (also across DST).
  let instant = asUtc - zoneOffsetMinutes(zone, asUtc) * 60_000;
  instant = asUtc - zoneOffsetMinutes(zone, instant) * 60_000;
  return new Date(instant).toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** utcToWallTime is the datetime-local value ("2026-11-28T14:05") of an instant in zone. */
export function utcToWallTime(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || !isValidTimeZone(zone)) return '';
  const d = new Date(ms + zoneOffsetMinutes(zone, ms) * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** formatUtc shows an instant unambiguously, to the second: "2026-11-28 13:05:09 UTC". */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * formatInZone shows an instant as the wall-clock time in zone, with the zone and its offset then:
 * "2026-11-28 14:05:09 Europe/Berlin (UTC+01:00)". An unknown zone falls back to UTC.
 */
export function formatInZone(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  if (!isValidTimeZone(zone) || zone === 'UTC') return formatUtc(iso);
  const offset = zoneOffsetMinutes(zone, ms);
  const wall = formatUtc(new Date(ms + offset * 60_000).toISOString()).replace(/ UTC$/, '');
  const label = offsetMinutes(zone) !== null ? offsetLabel(offset) : `${zone} (${offsetLabel(offset)})`;
  return `${wall} ${label}`;
}

/** isUtcZone tells whether a zone is UTC itself (nothing to convert). */
export const isUtcZone = (zone: string): boolean => zone === 'UTC' || zone === 'Etc/UTC' || zone === '+00:00';

/** formatLocal shows an instant in the reader's zone and locale, with the zone ("28 Nov 2026, 14:05 CET"). */
export { formatDateTime as formatLocal } from '../../components/dates';
