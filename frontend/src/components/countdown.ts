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

type RegulatorFields = Pick<Case, 'regulator_status' | 'regulator_notification_due_at'>;

/**
 * regulatorDeadline reads the server's regulator status and counts down to the due time on
 * the reader's clock, so a case that falls due while the page is open turns overdue at once.
 */
export function regulatorDeadline(c: RegulatorFields, now: number): Deadline {
  const dueAt = c.regulator_notification_due_at ?? null;
  switch (c.regulator_status) {
    case 'notified':
      return { label: 'notified', tone: 'done', dueAt };
    case 'not_required':
      return { label: 'not required', tone: 'neutral', dueAt };
    case 'due':
    case 'overdue': {
      if (!dueAt) return { label: c.regulator_status, tone: c.regulator_status === 'due' ? 'due' : 'overdue', dueAt };
      const left = new Date(dueAt).getTime() - now;
      if (left <= 0) return { label: `overdue by ${span(left)}`, tone: 'overdue', dueAt };
      return { label: `due in ${span(left)}`, tone: left < SOON_MS ? 'soon' : 'due', dueAt };
    }
  }
}
