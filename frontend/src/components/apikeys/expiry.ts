// A new API key's expiry: a day picked in a date input, the key stopping at the end of that day
// (23:59 in the reader's zone), no later than the server allows: two years (at most 732 days) for
// a tool's key, one year (366 days) for a personal key (docs/api-keys.md).
import { dayKey, formatCalendarDay, fromLocalInput } from '../dates';

export interface ExpiryRule {
  /** How many calendar years ahead the picker reaches. */
  years: number;
  /** The server's limit in days, which the end of the last day offered must keep within. */
  maxDays: number;
  /** The day offered first, this many days ahead. */
  defaultDays: number;
}

export const TOOL_EXPIRY: ExpiryRule = { years: 2, maxDays: 732, defaultDays: 90 };
export const PERSONAL_EXPIRY: ExpiryRule = { years: 1, maxDays: 366, defaultDays: 30 };

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** addDays moves a calendar day ("2026-12-06") by n days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function addYears(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + n);
  return d.toISOString().slice(0, 10);
}

/** expiresAt is when a key set to expire on day stops working: the end of that day in the reader's zone. */
export const expiresAt = (day: string): string | undefined =>
  DAY.test(day) ? fromLocalInput(`${day}T23:59`) : undefined;

export interface ExpiryBounds {
  min: string;
  max: string;
  initial: string;
}

/** expiryBounds are the first and last days the picker offers, and the one it starts on. */
export function expiryBounds(rule: ExpiryRule, now: number = Date.now()): ExpiryBounds {
  const today = dayKey(now);
  const ends = (day: string) => Date.parse(expiresAt(day) ?? '');
  const min = ends(today) > now ? today : addDays(today, 1);
  const limit = now + rule.maxDays * DAY_MS;
  let last = dayKey(limit);
  if (!(ends(last) <= limit)) last = addDays(last, -1);
  const calendar = addYears(today, rule.years);
  const max = calendar < last ? calendar : last;
  const initial = addDays(today, rule.defaultDays);
  return { min, max, initial: initial > max ? max : initial };
}

/** expiryProblem says what is wrong with the day picked, or null. */
export function expiryProblem(
  day: string,
  bounds: ExpiryBounds,
  rule: ExpiryRule,
  label = 'Expires on',
): string | null {
  if (!day) return `${label} is required: every key expires.`;
  if (expiresAt(day) === undefined) return `${label} must be a date.`;
  if (day < bounds.min) return `${label} must be in the future.`;
  if (day > bounds.max) {
    const years = rule.years === 1 ? 'a year' : `${rule.years} years`;
    return `${label} must be at most ${years} away: ${formatCalendarDay(bounds.max)} at the latest.`;
  }
  return null;
}
