// Rendering the app for a signed-in user of a given role, and sample API objects for the screens.
import { REFRESH_TOKEN_KEY } from '../api/session';
import type { Case, Role, User } from '../api/types';
import { json, memoryStorage, testUser, tokens, type FakeServer } from './fakeServer';
import { renderApp, testApi } from './renderApp';

export const DEPARTMENT_ID = '0190a5f0-0000-7000-8000-0000000000d1';
export const CASE_ID = '0190a5f0-0000-7000-8000-0000000000c7';

export function userWithRole(role: Role, overrides: Partial<User> = {}): User {
  return {
    ...testUser,
    role,
    department_id: role === 'department_head' ? DEPARTMENT_ID : null,
    ...overrides,
  };
}

/** renderSignedIn starts the app at path with a stored session that restores as user. */
export function renderSignedIn(path: string, server: FakeServer, user: User = testUser) {
  const storage = memoryStorage();
  storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
  server
    .on('POST /auth/refresh', () => json(200, tokens(2, user)))
    .on('GET /me', () => json(200, user))
    .on('GET /departments', () =>
      json(200, { items: [{ id: DEPARTMENT_ID, name: 'Finance', version: 1 }], next_cursor: null }),
    );
  return renderApp(path, server, testApi(server, storage));
}

export function sampleCase(overrides: Partial<Case> = {}): Case {
  return {
    id: CASE_ID,
    reference: 'INC-2026-0007',
    title: 'Suspicious logins on the payroll portal',
    summary: 'Several accounts logged in from unusual places overnight.',
    category: 'unauthorised_access',
    severity: 'high',
    status: 'triage',
    breach_status: 'suspected',
    owner_id: testUser.id,
    department_id: DEPARTMENT_ID,
    detected_at: '2026-03-02T08:00:00Z',
    aware_at: '2026-03-02T09:00:00Z',
    personal_data_involved: true,
    data_subjects_estimate: 1200,
    regulator_notification_due_at: '2026-03-05T09:00:00Z',
    regulator_notified_at: null,
    regulator_reference: '',
    regulator_status: 'overdue',
    regulator_decision_rationale: '',
    regulator_delay_reason: '',
    // No clock kept: the badges fall back to the GDPR status, as the tests set it.
    next_clock_due_at: null,
    next_clock_label: '',
    restricted: false,
    member_ids: [],
    version: 1,
    created_at: '2026-03-02T09:05:00Z',
    updated_at: '2026-03-02T09:05:00Z',
    allowed_transitions: ['investigating'],
    closing_blockers: ['the breach status is still suspected: confirm it or rule it out'],
    ...overrides,
  };
}

/** caseResponse answers GET/PATCH of a case with its ETag, as the server does. */
export function caseResponse(c: Case, status = 200) {
  return json(status, c, { ETag: `"${c.version}"` });
}
