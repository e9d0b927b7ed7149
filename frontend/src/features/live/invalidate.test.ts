import { describe, expect, it } from 'vitest';

import { queryKeys } from '../../api/queries';
import { keysFor, notificationsKey, type LiveEvent } from './invalidate';

const base: LiveEvent = {
  id: '01900000-0000-7000-8000-000000000001',
  seq: 1,
  kind: 'changed',
  occurred_at: '2026-12-05T10:00:00Z',
  entity_type: 'case',
  action: 'case.update',
  data: {},
};
const caseId = '01900000-0000-7000-8000-0000000000ca';

describe('keysFor', () => {
  it('refreshes the case page, the cases lists and My work for an event of a case', () => {
    const keys = keysFor({ ...base, case_id: caseId });
    expect(keys).toContainEqual(queryKeys.cases.detail(caseId));
    expect(keys).toContainEqual(queryKeys.cases.timeline(caseId));
    expect(keys).toContainEqual(queryKeys.cases.tasks(caseId));
    expect(keys).toContainEqual(queryKeys.cases.lists);
    expect(keys).toContainEqual(queryKeys.myWork);
    expect(keys).not.toContainEqual(notificationsKey); // `changed` tells nobody
    expect(keys).not.toContainEqual(queryKeys.restoration.all);
  });

  it('refreshes the bell for events worth telling', () => {
    expect(keysFor({ ...base, case_id: caseId, kind: 'case.assigned' })).toContainEqual(notificationsKey);
  });

  it('refreshes the dashboard and service pages for a suspension', () => {
    const keys = keysFor({ ...base, case_id: caseId, entity_type: 'suspension', kind: 'suspension.started' });
    expect(keys).toContainEqual(queryKeys.restoration.all);
    expect(keys).toContainEqual(queryKeys.services.all);
    expect(keys).toContainEqual(queryKeys.cases.detail(caseId));
  });

  it('refreshes the evidence, chronology, links and obligations of the case they belong to', () => {
    expect(keysFor({ ...base, case_id: caseId, entity_type: 'evidence' })).toContainEqual(queryKeys.evidence.all);
    expect(keysFor({ ...base, case_id: caseId, entity_type: 'chronology_entry' })).toContainEqual(
      queryKeys.chronology(caseId),
    );
    expect(keysFor({ ...base, case_id: caseId, entity_type: 'case_link' })).toContainEqual(queryKeys.links.all);
    expect(keysFor({ ...base, case_id: caseId, entity_type: 'obligation' })).toContainEqual(
      queryKeys.regimes.obligations(caseId),
    );
  });

  it('refreshes the directory screens for events without a case, and lists each key once', () => {
    expect(keysFor({ ...base, entity_type: 'department' })).toEqual([
      queryKeys.departments.all,
      queryKeys.services.all,
    ]);
    expect(keysFor({ ...base, entity_type: 'user' })).toEqual([queryKeys.users.all]);
    expect(keysFor({ ...base, entity_type: 'regime' })).toEqual([queryKeys.regimes.all]);
    expect(keysFor({ ...base, entity_type: 'playbook' })).toEqual([queryKeys.playbooks.all]);
    const keys = keysFor({ ...base, case_id: caseId, entity_type: 'milestone' });
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(keys.length);
  });
});
