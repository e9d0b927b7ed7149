// Time zones for the chain of custody: a hand-over is recorded in the recorder's own zone
// (an IANA name such as Europe/London, or an offset such as +01:00), and shown in it and in UTC.
// The zone math itself is shared (components/zones.ts).
import { isValidTimeZone, offsetMinutes, pad, zoneOffsetMinutes } from '../../components/zones';

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
