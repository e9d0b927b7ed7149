// How a suspension is doing, in one word and one colour: the highlight rules shared by both screens.
import { formatDayMonth } from './format';
import type { MilestoneStatus, PlanStatus, Role, Suspension, SuspensionStatus } from './types';

/**
 * Health is the server's plan status: what to say about a suspension's plan, never flattering
 * ("No plan yet" is not on track).
 */
export type Health = PlanStatus;

export const healthInfo: Record<Health, { label: string; color: string }> = {
  slipping: { label: 'Slipping', color: 'red' },
  at_risk: { label: 'At risk', color: 'orange' },
  no_plan: { label: 'No plan yet', color: 'yellow' },
  on_track: { label: 'On track', color: 'blue' },
  restored: { label: 'Restored', color: 'teal' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

export const suspensionStatusInfo: Record<SuspensionStatus, { label: string; color: string }> = {
  active: { label: 'Suspended', color: 'red' },
  restored: { label: 'Restored', color: 'teal' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

export const milestoneStatusInfo: Record<MilestoneStatus, { label: string; color: string }> = {
  planned: { label: 'Planned', color: 'gray' },
  in_progress: { label: 'In progress', color: 'blue' },
  done: { label: 'Done', color: 'teal' },
  blocked: { label: 'Blocked', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

type HealthInput = Pick<Suspension, 'status' | 'plan_status'>;

/** suspensionHealth is the plan status; an ended suspension is never highlighted, whatever its last figures said. */
export function suspensionHealth(s: HealthInput): Health {
  if (s.status === 'restored') return 'restored';
  if (s.status === 'cancelled') return 'cancelled';
  return s.plan_status;
}

/** healthColor is the Mantine colour of a suspension's highlight (card edge, progress bar). */
export function healthColor(s: HealthInput): string {
  return healthInfo[suspensionHealth(s)].color;
}

/** progressPercent is done/total as a whole percentage (0 for an empty plan). */
export function progressPercent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((Math.min(Math.max(done, 0), total) / total) * 100);
}

/** progressLabel says the progress in words: "1 of 3 milestones done", "No milestones yet". */
export function progressLabel(done: number, total: number): string {
  if (total <= 0) return 'No milestones yet';
  return `${done} of ${total} ${total === 1 ? 'milestone' : 'milestones'} done`;
}

/** overdueLabel: "1 milestone overdue", "3 milestones overdue". */
export function overdueLabel(n: number): string {
  return `${n} ${n === 1 ? 'milestone' : 'milestones'} overdue`;
}

/** canWriteRestoration: admins and responders change suspensions and plans; department heads and auditors read. */
export function canWriteRestoration(role: Role): boolean {
  return role === 'admin' || role === 'responder';
}

/** isOpenMilestone: neither done nor cancelled (a restore may cancel the steps left). */
export function isOpenMilestone(status: MilestoneStatus): boolean {
  return status !== 'done' && status !== 'cancelled';
}

/**
 * promiseLine says what was promised and how often it moved: "promised 1 Mar, now 23 Dec,
 * moved 2×"; "promised 1 Mar" when it never moved; null without a baseline.
 */
export function promiseLine(
  s: Pick<Suspension, 'baseline_restoration_at' | 'expected_restoration_at' | 'replan_count'>,
): string | null {
  if (!s.baseline_restoration_at) return null;
  const promised = `promised ${formatDayMonth(s.baseline_restoration_at)}`;
  if (s.replan_count <= 0) return promised;
  const now = s.expected_restoration_at ? formatDayMonth(s.expected_restoration_at) : 'no date';
  return `${promised}, now ${now}, moved ${s.replan_count}×`;
}
