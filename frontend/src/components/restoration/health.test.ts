import { describe, expect, it } from 'vitest';

import { canWriteRestoration, healthColor, progressLabel, progressPercent, suspensionHealth } from './health';

describe('suspensionHealth', () => {
  it.each([
    [{ status: 'active', slipping: true, overdue_milestones: 2 }, 'slipping', 'red'],
    [{ status: 'active', slipping: true, overdue_milestones: 0 }, 'slipping', 'red'],
    [{ status: 'active', slipping: false, overdue_milestones: 1 }, 'overdue', 'orange'],
    [{ status: 'active', slipping: false, overdue_milestones: 0 }, 'on_track', 'blue'],
    [{ status: 'restored', slipping: false, overdue_milestones: 0 }, 'restored', 'teal'],
    // A restored suspension is never highlighted, whatever its last figures said.
    [{ status: 'restored', slipping: true, overdue_milestones: 3 }, 'restored', 'teal'],
    [{ status: 'cancelled', slipping: false, overdue_milestones: 0 }, 'cancelled', 'gray'],
  ] as const)('%o is %s (%s)', (s, health, color) => {
    expect(suspensionHealth(s)).toBe(health);
    expect(healthColor(s)).toBe(color);
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
