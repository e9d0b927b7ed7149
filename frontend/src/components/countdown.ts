// The regulator clock in words: how long is left before the notification is due, or how late it is.
import type { Case } from '../api/types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** span says a duration coarsely: "2 d 5 h", "5 h 12 min", "12 min", "less than a minute". */
export function span(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

export type DeadlineTone = 'neutral' | 'done' | 'due' | 'soon' | 'overdue';

export interface Deadline {
  /** What to show: "due in 2 d 5 h", "overdue by 3 h", "notified", "not required". */
  label: string;
  tone: DeadlineTone;
  /** The due time, when there is one. */
  dueAt: string | null;
}

/** Under this much time left the countdown turns to a warning. */
export const SOON_MS = 24 * HOUR;

type RegulatorFields = Pick<Case, 'regulator_status' | 'regulator_notification_due_at'> &
  Partial<Pick<Case, 'next_clock_due_at'>>;

/** countdownTo counts down to dueAt on the reader's clock: "due in 5 h", "overdue by 2 d 1 h". */
export function countdownTo(dueAt: string, now: number): Deadline {
  const left = new Date(dueAt).getTime() - now;
  if (left <= 0) return { label: `overdue by ${span(left)}`, tone: 'overdue', dueAt };
  return { label: `due in ${span(left)}`, tone: left < SOON_MS ? 'soon' : 'due', dueAt };
}

/**
 * regulatorDeadline counts down to the case's nearest running clock of any obligation (its
 * next_clock_due_at: GDPR Art. 33, NIS2, PECR, …); with none running it says what became of the
 * GDPR clock from the server's regulator status. It counts on the reader's clock, so a case that
 * falls due while the page is open turns overdue at once.
 */
export function regulatorDeadline(c: RegulatorFields, now: number): Deadline {
  if (c.next_clock_due_at) return countdownTo(c.next_clock_due_at, now);
  const dueAt = c.regulator_notification_due_at ?? null;
  switch (c.regulator_status) {
    case 'notified':
      return { label: 'notified', tone: 'done', dueAt };
    case 'not_required':
      return { label: 'not required', tone: 'neutral', dueAt };
    case 'due':
    case 'overdue': {
      if (!dueAt) return { label: c.regulator_status, tone: c.regulator_status === 'due' ? 'due' : 'overdue', dueAt };
      return countdownTo(dueAt, now);
    }
  }
}

/** The fields of an obligation phase its countdown reads. */
export interface PhaseClock {
  status: 'waiting' | 'no_deadline' | 'due' | 'overdue' | 'submitted' | 'not_required';
  due_at: string | null;
}

/**
 * phaseDeadline says where one phase of an obligation stands: its countdown while its clock runs,
 * else what was recorded, or why no clock runs yet.
 */
export function phaseDeadline(p: PhaseClock, now: number): Deadline {
  switch (p.status) {
    case 'submitted':
      return { label: 'submitted', tone: 'done', dueAt: p.due_at };
    case 'not_required':
      return { label: 'not notifying', tone: 'neutral', dueAt: p.due_at };
    case 'no_deadline':
      return { label: 'no fixed deadline', tone: 'neutral', dueAt: null };
    case 'waiting':
      return { label: 'after the previous phase', tone: 'neutral', dueAt: null };
    case 'due':
    case 'overdue':
      return p.due_at ? countdownTo(p.due_at, now) : { label: p.status, tone: p.status, dueAt: null };
  }
}
