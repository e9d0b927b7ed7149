// Test helpers for the restoration screens: sample suspensions, and rendering a component
// for a signed-in user against a FakeServer (with the headers of every request kept).
import { testUser } from '../../test/fakeServer';
import type { DashboardItem, Milestone, Service, Suspension, SuspensionUpdate } from './types';

export const CASE_ID = '0190a5f0-0000-7000-8000-0000000000c1';
export const SERVICE_ID = '0190a5f0-0000-7000-8000-0000000000e1';
export const DEPARTMENT_ID = '0190a5f0-0000-7000-8000-0000000000d1';

export function milestone(overrides: Partial<Milestone> = {}): Milestone {
  return {
    id: '0190a5f0-0000-7000-8000-0000000000f1',
    suspension_id: '0190a5f0-0000-7000-8000-0000000000a1',
    title: 'Security review',
    owner_id: null,
    due_at: '2026-03-10T17:00:00Z',
    baseline_due_at: '2026-03-10T17:00:00Z',
    status: 'planned',
    completed_at: null,
    position: 1,
    version: 1,
    created_at: '2026-03-01T09:00:00Z',
    overdue: false,
    ...overrides,
  };
}

export function suspension(overrides: Partial<Suspension> = {}): Suspension {
  return {
    id: '0190a5f0-0000-7000-8000-0000000000a1',
    case_id: CASE_ID,
    service_id: SERVICE_ID,
    reason: 'Suspected credential theft',
    decided_by: 'Ministerial decision',
    suspended_at: '2026-03-01T09:00:00Z',
    expected_restoration_at: '2026-03-22T17:00:00Z',
    baseline_restoration_at: '2026-03-22T17:00:00Z',
    replan_count: 0,
    slip_seconds: 0,
    plan_status: 'on_track',
    affected_users_estimate: 1200,
    impact: '',
    workaround: '',
    recorded_by_id: testUser.id,
    restored_at: null,
    status: 'active',
    version: 1,
    days_suspended: 4,
    milestones_done: 0,
    milestones_total: 0,
    projected_restoration_at: '2026-03-22T17:00:00Z',
    slipping: false,
    overdue_milestones: 0,
    downtime_seconds: null,
    milestones: [],
    ...overrides,
  };
}

export function service(overrides: Partial<Service> = {}): Service {
  return {
    id: SERVICE_ID,
    name: 'Revalidation Toolkit',
    description: '',
    department_id: DEPARTMENT_ID,
    status: 'operational',
    public_name: null,
    version: 1,
    ...overrides,
  };
}

export function dashboardItem(s: Partial<Suspension> = {}, overrides: Partial<DashboardItem> = {}): DashboardItem {
  return {
    suspension: suspension(s),
    service_name: 'Revalidation Toolkit',
    department_id: DEPARTMENT_ID,
    department_name: 'Clinical Systems',
    case_reference: 'INC-2026-0007',
    next_milestone: null,
    latest_update: null,
    ...overrides,
  };
}

export function suspensionUpdate(overrides: Partial<SuspensionUpdate> = {}): SuspensionUpdate {
  return {
    id: '0190a5f0-0000-7000-8000-0000000000b1',
    suspension_id: '0190a5f0-0000-7000-8000-0000000000a1',
    audience: 'internal',
    body: 'Supplier patch expected on Tuesday.',
    corrects_id: null,
    expected_restoration_at: null,
    replan_id: null,
    author_id: testUser.id,
    author_name: 'Ada Lovelace',
    at: '2026-03-04T10:00:00Z',
    ...overrides,
  };
}

/** renderSignedIn renders ui for a signed-in user (a responder by default); see renderComponent. */
export { renderComponent as renderSignedIn } from '../../test/renderComponent';
