import { describe, expect, it } from 'vitest';

import { phaseDeadline, regulatorDeadline, span } from './countdown';

const HOUR = 3_600_000;
const due = '2026-03-05T09:00:00Z';
const dueMs = Date.parse(due);

describe('span', () => {
  it.each([
    [30_000, 'less than a minute'],
    [12 * 60_000, '12 min'],
    [5 * HOUR, '5 h'],
    [5 * HOUR + 12 * 60_000, '5 h 12 min'],
    [24 * HOUR, '1 d'],
    [53 * HOUR + 59 * 60_000, '2 d 5 h'],
    [-3 * HOUR, '3 h'],
  ])('%i ms → %s', (ms, expected) => {
    expect(span(ms)).toBe(expected);
  });
});

describe('regulatorDeadline', () => {
  const open = { regulator_status: 'due' as const, regulator_notification_due_at: due };

  it('counts down to the due time', () => {
    expect(regulatorDeadline(open, dueMs - (53 * HOUR + 10 * 60_000))).toEqual({
      label: 'due in 2 d 5 h',
      tone: 'due',
      dueAt: due,
    });
  });

  it('warns in the last 24 hours', () => {
    expect(regulatorDeadline(open, dueMs - 5 * HOUR)).toMatchObject({ label: 'due in 5 h', tone: 'soon' });
  });

  it('turns overdue on the reader clock even before the server says so', () => {
    expect(regulatorDeadline(open, dueMs + 3 * HOUR)).toMatchObject({ label: 'overdue by 3 h', tone: 'overdue' });
  });

  it('says how late an overdue notification is', () => {
    const overdue = { regulator_status: 'overdue' as const, regulator_notification_due_at: due };
    expect(regulatorDeadline(overdue, dueMs + 26 * HOUR)).toMatchObject({
      label: 'overdue by 1 d 2 h',
      tone: 'overdue',
    });
  });

  it('shows notified and not required without a countdown', () => {
    expect(
      regulatorDeadline({ regulator_status: 'notified', regulator_notification_due_at: due }, dueMs),
    ).toMatchObject({ label: 'notified', tone: 'done' });
    expect(
      regulatorDeadline({ regulator_status: 'not_required', regulator_notification_due_at: null }, dueMs),
    ).toMatchObject({ label: 'not required', tone: 'neutral', dueAt: null });
  });
});

describe('the nearest clock of any obligation', () => {
  const nis2 = '2026-03-03T09:00:00Z';

  it('counts down to next_clock_due_at even when the GDPR notification is done', () => {
    const c = { regulator_status: 'notified' as const, regulator_notification_due_at: due, next_clock_due_at: nis2 };
    expect(regulatorDeadline(c, Date.parse(nis2) - 5 * HOUR)).toEqual({
      label: 'due in 5 h',
      tone: 'soon',
      dueAt: nis2,
    });
    expect(regulatorDeadline(c, Date.parse(nis2) + 2 * HOUR)).toEqual({
      label: 'overdue by 2 h',
      tone: 'overdue',
      dueAt: nis2,
    });
  });

  it('falls back to the GDPR status when no clock runs', () => {
    const c = { regulator_status: 'notified' as const, regulator_notification_due_at: due, next_clock_due_at: null };
    expect(regulatorDeadline(c, dueMs).label).toBe('notified');
  });
});

describe('phaseDeadline', () => {
  it('counts down while the phase runs', () => {
    expect(phaseDeadline({ status: 'due', due_at: due }, dueMs - 30 * HOUR)).toEqual({
      label: 'due in 1 d 6 h',
      tone: 'due',
      dueAt: due,
    });
    expect(phaseDeadline({ status: 'overdue', due_at: due }, dueMs + HOUR).tone).toBe('overdue');
  });

  it('says why no clock runs', () => {
    expect(phaseDeadline({ status: 'waiting', due_at: null }, dueMs).label).toBe('after the previous phase');
    expect(phaseDeadline({ status: 'no_deadline', due_at: null }, dueMs).label).toBe('no fixed deadline');
    expect(phaseDeadline({ status: 'submitted', due_at: due }, dueMs).tone).toBe('done');
    expect(phaseDeadline({ status: 'not_required', due_at: due }, dueMs).label).toBe('not notifying');
  });
});
