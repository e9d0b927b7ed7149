// Time zones: the zone math shared by the one time formatter (dates.ts) and the chain of custody,
// whose hand-overs are recorded in the recorder's own zone (an IANA name such as Europe/London, or a
// fixed offset such as +01:00). Datetime-local inputs are wall-clock times in a zone.

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

let browserZone: string | undefined;

/**
 * browserTimeZone is the zone the browser runs in, e.g. "Europe/London" ("UTC" when unknown). It is
 * read once per page load: asking Intl builds a formatter, which cost the cases list more than its
 * rows did when every date asked; a machine that changes zone shows the new one after a reload.
 */
export function browserTimeZone(): string {
  if (browserZone === undefined) {
    try {
      browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    } catch {
      browserZone = 'UTC';
    }
  }
  return browserZone;
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

/** knownZone tells whether the browser knows an IANA zone name. */
export function knownZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** isValidTimeZone accepts an IANA zone the browser knows, or a fixed offset such as +01:00 (as the server does). */
export function isValidTimeZone(zone: string): boolean {
  if (offsetMinutes(zone) !== null) return true;
  if (zone.startsWith('+') || zone.startsWith('-')) return false;
  return knownZone(zone);
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
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m || !isValidTimeZone(zone)) return undefined;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(asUtc)) return undefined;
  // The offset depends on the instant, which depends on the offset: two rounds settle it (also across DST).
  let instant = asUtc - zoneOffsetMinutes(zone, asUtc) * 60_000;
  instant = asUtc - zoneOffsetMinutes(zone, instant) * 60_000;
  return new Date(instant).toISOString();
}

/** pad writes a number in two digits. */
export const pad = (n: number) => String(n).padStart(2, '0');

/** utcToWallTime is the datetime-local value ("2026-11-28T14:05") of an instant in zone. */
export function utcToWallTime(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || !isValidTimeZone(zone)) return '';
  const d = new Date(ms + zoneOffsetMinutes(zone, ms) * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
