import { describe, expect, it } from 'vitest';

import {
  canWriteRestoration,
  healthColor,
  healthInfo,
  progressLabel,
  progressPercent,
  promiseLine,
  suspensionHealth,
} from './health';

describe('suspensionHealth', () => {
  it.each([
    [{ status: 'active', plan_status: 'slipping' }, 'slipping', 'red'],
    [{ status: 'active', plan_status: 'at_risk' }, 'at_risk', 'orange'],
    [{ status: 'active', plan_status: 'no_plan' }, 'no_plan', 'yellow'],
    [{ status: 'active', plan_status: 'on_track' }, 'on_track', 'blue'],
    [{ status: 'restored', plan_status: 'restored' }, 'restored', 'teal'],
    // An ended suspension is never highlighted, whatever its last figures said.
    [{ status: 'restored', plan_status: 'slipping' }, 'restored', 'teal'],
    [{ status: 'cancelled', plan_status: 'cancelled' }, 'cancelled', 'gray'],
  ] as const)('%o is %s (%s)', (s, health, color) => {
    expect(suspensionHealth(s)).toBe(health);
    expect(healthColor(s)).toBe(color);
  });

  it('never calls a plan without one on track', () => {
    expect(healthInfo.no_plan.label).toBe('No plan yet');
    expect(healthInfo.at_risk.label).toBe('At risk');
  });
});

describe('promiseLine', () => {
  it.each([
    [{ baseline_restoration_at: null, expected_restoration_at: null, replan_count: 0 }, null],
    [
      {
        baseline_restoration_at: '2026-03-01T17:00:00Z',
        expected_restoration_at: '2026-03-01T17:00:00Z',
        replan_count: 0,
      },
      'promised 1 Mar',
    ],
    [
      {
        baseline_restoration_at: '2026-03-01T17:00:00Z',
        expected_restoration_at: '2026-12-23T17:00:00Z',
        replan_count: 2,
      },
      'promised 1 Mar, now 23 Dec, moved 2×',
    ],
    [
      { baseline_restoration_at: '2026-03-01T17:00:00Z', expected_restoration_at: null, replan_count: 1 },
      'promised 1 Mar, now no date, moved 1×',
    ],
  ] as const)('%o → %s', (s, line) => {
    expect(promiseLine(s)).toBe(line);
  });
});

describe('progress', () => {
  it.each([
    [0, 0, 0, 'No milestones yet'],
    [0, 3, 0, '0 of 3 milestones done'],
    [1, 3, 33, '1 of 3 milestones done'],
    [2, 3, 67, '2 of 3 milestones done'],
    [1, 1, 100, '1 of 1 milestone done'],
    [5, 3, 100, '5 of 3 milestones done'],
  ])('%i of %i → %i%%', (done, total, percent, label) => {
    expect(progressPercent(done, total)).toBe(percent);
    expect(progressLabel(done, total)).toBe(label);
  });
});

describe('canWriteRestoration', () => {
  it.each([
    ['admin', true],
    ['responder', true],
    ['department_head', false],
    ['auditor', false],
  ] as const)('%s → %s', (role, allowed) => {
    expect(canWriteRestoration(role)).toBe(allowed);
  });
});
