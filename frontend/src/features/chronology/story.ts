// What the chronology tab derives from entries: how late a backdated entry was written down, and
// which fields a correction changes.
import type { ChronologyEntry, ChronologyKind, CorrectChronologyEntryRequest } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * recordedLater says how long after it happened an entry was written down ("recorded 3 days later"),
 * or null when the server does not count it as backdated (recorded within the hour).
 */
export function recordedLater(e: Pick<ChronologyEntry, 'occurred_at' | 'recorded_at' | 'backdated'>): string | null {
  if (!e.backdated) return null;
  const gap = Date.parse(e.recorded_at) - Date.parse(e.occurred_at);
  if (!(gap > 0)) return null;
  if (gap >= DAY) return `recorded ${count(Math.floor(gap / DAY), 'day', 'days')} later`;
  return `recorded ${count(Math.max(1, Math.floor(gap / HOUR)), 'hour', 'hours')} later`;
}

/** The fields of the add and correct forms. */
export interface EntryValues {
  kind: ChronologyKind;
  occurred_at: string; // RFC 3339 UTC, or '' when not given
  body: string;
  evidence_ids: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * correction is the body of a correction: only the fields that differ from the entry, with the reason;
 * null when nothing differs (there is nothing to correct).
 */
export function correction(e: ChronologyEntry, v: EntryValues, reason: string): CorrectChronologyEntryRequest | null {
  const body: CorrectChronologyEntryRequest = { reason: reason.trim() };
  let changed = false;
  if (v.kind !== e.kind) {
    body.kind = v.kind;
    changed = true;
  }
  if (v.occurred_at && Date.parse(v.occurred_at) !== Date.parse(e.occurred_at)) {
    body.occurred_at = v.occurred_at;
    changed = true;
  }
  if (v.body.trim() !== e.body) {
    body.body = v.body.trim();
    changed = true;
  }
  if (!sameSet(v.evidence_ids, e.evidence_ids)) {
    body.evidence_ids = v.evidence_ids;
    changed = true;
  }
  return changed ? body : null;
}
