// How a suspension is doing, in one word and one colour: the highlight rules shared by both screens.
import type { MilestoneStatus, Role, Suspension, SuspensionStatus } from './types';

/** Health is the worst thing to say about a suspension, in that order. */
export type Health = 'slipping' | 'overdue' | 'on_track' | 'restored' | 'cancelled';

export const healthInfo: Record<Health, { label: string; color: string }> = {
  slipping: { label: 'Slipping', color: 'red' },
  overdue: { label: 'Milestones overdue', color: 'orange' },
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
};

type HealthInput = Pick<Suspension, 'status' | 'slipping' | 'overdue_milestones'>;

/**
 * suspensionHealth: a suspension still down is slipping (red) when the projection is
 * past the promised date, else late (orange) when a milestone is overdue, else on track.
 */
export function suspensionHealth(s: HealthInput): Health {
  if (s.status === 'restored') return 'restored';
  if (s.status === 'cancelled') return 'cancelled';
  if (s.slipping) return 'slipping';
  if (s.overdue_milestones > 0) return 'overdue';
  return 'on_track';
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

/** isOpenMilestone: not done yet. */
export function isOpenMilestone(status: MilestoneStatus): boolean {
  return status !== 'done';
}
