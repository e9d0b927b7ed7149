// The geometry of the milestone chart: where each bar starts and ends, the time
// window shown, the date ticks, and the mapping from time to x.
import type { MilestoneStatus, Suspension } from './types';

const DAY_MS = 86_400_000;

export interface TimelineRow {
  id: string;
  title: string;
  status: MilestoneStatus;
  overdue: boolean;
  /** When the bar begins: the suspension, or the latest earlier due date before this one's. */
  start: number;
  /** The due date; null when the milestone has none (no bar). */
  end: number | null;
  completedAt: number | null;
}

export interface Timeline {
  /** The window shown, in ms since the epoch. */
  from: number;
  to: number;
  rows: TimelineRow[];
  today: number;
  suspendedAt: number;
  expected: number | null;
  projected: number | null;
  restored: number | null;
}

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

/**
 * buildTimeline lays a suspension's plan out in time. The API keeps no creation time for a
 * milestone, so each bar runs from the latest due date of the milestones before it (in plan
 * order) that falls on or before its own due date, or from the suspension itself, to its due
 * date. The window covers the suspension, every bar, today, the expected and projected dates.
 */
export function buildTimeline(s: Suspension, now: number): Timeline {
  const suspendedAt = ms(s.suspended_at) ?? now;
  const expected = ms(s.expected_restoration_at);
  const projected = ms(s.projected_restoration_at);
  const restored = ms(s.restored_at);

  const ordered = [...s.milestones].sort((a, b) => a.position - b.position);
  const earlierDues: number[] = [];
  const rows: TimelineRow[] = ordered.map((m) => {
    const end = ms(m.due_at);
    let start = suspendedAt;
    if (end !== null) {
      for (const due of earlierDues) if (due <= end && due > start) start = due;
      if (start > end) start = end;
      earlierDues.push(end);
    }
    return {
      id: m.id,
      title: m.title,
      status: m.status,
      overdue: m.overdue ?? false,
      start,
      end,
      completedAt: ms(m.completed_at),
    };
  });

  const points = [
    suspendedAt,
    now,
    expected,
    projected,
    restored,
    ...rows.flatMap((r) => [r.start, r.end, r.completedAt]),
  ];
  const known = points.filter((p): p is number => p !== null);
  let from = Math.min(...known);
  let to = Math.max(...known);
  if (to - from < DAY_MS) to = from + DAY_MS;
  // A little air on both sides, so markers at the edges stay readable.
  const pad = (to - from) * 0.04;
  from -= pad;
  to += pad;
  return { from, to, rows, today: now, suspendedAt, expected, projected, restored };
}

/** scaleTime maps a time in [from, to] onto [x0, x1]; times outside are clamped to the edges. */
export function scaleTime(from: number, to: number, x0: number, x1: number): (t: number) => number {
  const span = to - from || 1;
  return (t) => {
    const clamped = Math.min(Math.max(t, from), to);
    return x0 + ((clamped - from) / span) * (x1 - x0);
  };
}

const TICK_STEPS_DAYS = [1, 2, 7, 14, 28, 56, 91, 182, 364];

/** dayTicks returns local midnights across [from, to], spaced so that there are at most maxTicks. */
export function dayTicks(from: number, to: number, maxTicks = 7): number[] {
  const spanDays = (to - from) / DAY_MS;
  const step = TICK_STEPS_DAYS.find((d) => spanDays / d <= maxTicks) ?? Math.ceil(spanDays / maxTicks);
  const first = new Date(from);
  first.setHours(0, 0, 0, 0);
  if (first.getTime() < from) first.setDate(first.getDate() + 1);
  const ticks: number[] = [];
  for (const d = first; d.getTime() <= to && ticks.length <= maxTicks; d.setDate(d.getDate() + step)) {
    ticks.push(d.getTime());
  }
  return ticks;
}
