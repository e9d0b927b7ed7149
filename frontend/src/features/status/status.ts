// What the public status page says, derived from GET /status: the overall line and each service's dates.
import type { components } from '../../api/schema';
import { formatDate, formatDayMonth } from '../../components/restoration/format';

export type StatusPage = components['schemas']['StatusPage'];
export type StatusService = components['schemas']['StatusService'];
export type StatusUpdate = components['schemas']['StatusUpdate'];

/** How often the page asks again; the server renders it at most once per 30 s anyway. */
export const STATUS_REFRESH_MS = 30_000;

/** The feed of public updates, served beside the page. */
export const FEED_URL = '/status.atom';

/** overallLine is the headline: "All services operational", or how many are suspended. */
export function overallLine(services: StatusService[]): { text: string; suspended: number } {
  const suspended = services.filter((s) => s.state === 'suspended').length;
  if (suspended === 0) return { text: 'All services operational', suspended };
  return { text: `${suspended} ${suspended === 1 ? 'service' : 'services'} suspended`, suspended };
}

/** day says a date the short way ("23 Dec") in this year, with its year otherwise ("1 Mar 2027"). */
export function day(iso: string, now: number = Date.now()): string {
  return new Date(iso).getUTCFullYear() === new Date(now).getUTCFullYear() ? formatDayMonth(iso) : formatDate(iso);
}

const sameDay = (a: string, b: string) => formatDate(a) === formatDate(b);

/** promise says when a suspended service is expected back and, when it moved, what was promised first. */
export function promise(s: StatusService, now: number = Date.now()): { expected: string; original: string | null } {
  const expected = s.expected_restoration_at
    ? `Expected back ${day(s.expected_restoration_at, now)}`
    : 'No return date yet';
  const baseline = s.baseline_restoration_at;
  const moved = baseline && (!s.expected_restoration_at || !sameDay(baseline, s.expected_restoration_at));
  return { expected, original: moved ? `originally expected ${day(baseline, now)}` : null };
}

const STATE_ORDER: Record<StatusService['state'], number> = { suspended: 0, restored: 1, operational: 2 };

/** ordered puts what is down first, then what came back recently, then the rest, each by name as served. */
export function ordered(services: StatusService[]): StatusService[] {
  return services
    .map((s, i) => ({ s, i }))
    .sort((a, b) => STATE_ORDER[a.s.state] - STATE_ORDER[b.s.state] || a.i - b.i)
    .map(({ s }) => s);
}
