// TanStack Query hooks shared by several screens, and the one key factory for every cached query.
import { useQuery } from '@tanstack/react-query';

import { useApi } from './context';
import { unwrap } from './problem';
import type { Assignee, Page, User } from './types';

/** Filters as they are put in a query key: plain, serialisable values. */
type KeyFilters = Record<string, string | string[] | undefined>;

/** queryKeys names every cached query, so invalidations cannot drift from reads. */
export const queryKeys = {
  me: ['me'] as const,
  /** How people may sign in (GET /auth/methods): passwords, single sign-on. */
  authMethods: ['auth-methods'] as const,
  /** The landing page's work (GET /me/work): anything that changes a case, a suspension or the audit trail may change it. */
  myWork: ['my-work'] as const,
  views: ['me', 'views'] as const,
  users: {
    all: ['users'] as const,
    list: () => ['users', 'list'] as const,
    directory: () => ['users', 'directory'] as const,
    assignees: () => ['users', 'assignees'] as const,
    detail: (id: string) => ['users', 'detail', id] as const,
  },
  departments: {
    all: ['departments'] as const,
  },
  /** API keys: every key (admins) and the keys acting for me; a write invalidates `apiKeys.all`, both lists. */
  apiKeys: {
    all: ['api-keys'] as const,
    list: (userId: string | null) => ['api-keys', 'list', { userId }] as const,
    mine: () => ['api-keys', 'mine'] as const,
  },
  /** Sign-ins (sessions): mine and, for admins, a user's; ending one invalidates `sessions.all`. */
  sessions: {
    all: ['sessions'] as const,
    mine: () => ['sessions', 'mine'] as const,
    user: (userId: string) => ['sessions', 'user', userId] as const,
  },
  /**
   * Two-step sign-in: mine and, for admins, a user's. Setting one up, renewing its codes, removing or
   * resetting it invalidates `secondFactor.all`. A setup started during a sign-in is kept under its challenge.
   */
  secondFactor: {
    all: ['second-factor'] as const,
    mine: () => ['second-factor', 'mine'] as const,
    user: (userId: string) => ['second-factor', 'user', userId] as const,
    signInEnrolment: (challenge: string) => ['second-factor', 'sign-in-enrolment', challenge] as const,
  },
  /** Which roles must use two-step sign-in. */
  signInPolicy: ['sign-in-policy'] as const,
  /** Playbooks (case templates): a write invalidates `playbooks.all`. */
  playbooks: {
    all: ['playbooks'] as const,
    list: (withRetired: boolean) => ['playbooks', 'list', { withRetired }] as const,
  },
  services: {
    all: ['services'] as const,
    list: (departmentId: string | null) => ['services', 'list', { departmentId }] as const,
    /** The whole service directory (every page), for names and the suspend picker. */
    directory: () => ['services', 'all-pages'] as const,
  },
  audit: {
    all: ['audit'] as const,
    list: (filters: KeyFilters) => ['audit', 'list', filters] as const,
  },
  cases: {
    all: ['cases'] as const,
    lists: ['cases', 'list'] as const,
    list: (filters: KeyFilters) => ['cases', 'list', filters] as const,
    detail: (id: string) => ['cases', 'detail', id] as const,
    timeline: (id: string) => ['cases', 'timeline', id] as const,
    /** A case's phase durations, under its timeline's key: every transition and suspension change refreshes it. */
    phases: (id: string) => ['cases', 'timeline', id, 'phases'] as const,
    /**
     * The people a case names, under its timeline's key: whatever names someone new on a case
     * is audited, so it invalidates the timeline, and with it this list.
     */
    people: (id: string) => ['cases', 'timeline', id, 'people'] as const,
    /** A case's tasks; every task write also refreshes the case, its timeline and My work. */
    tasks: (id: string) => ['cases', 'tasks', id] as const,
    /** A case's post-incident review; its writes also refresh the tasks (follow-ups), the case and its timeline. */
    review: (id: string) => ['cases', 'review', id] as const,
    /** The exports screen's case found by its reference; under 'cases' so case invalidations reach it. */
    lookup: (reference: string) => ['cases', 'lookup', reference] as const,
  },
  /**
   * Restoration: any change to a suspension or a milestone invalidates `restoration.all` (a case's
   * suspensions, the dashboard, a service's history, a suspension's updates and replans),
   * `services.all` (a service's status follows its suspensions), and the case's detail and
   * timeline (its closing blockers and history change too).
   */
  restoration: {
    all: ['restoration'] as const,
    dashboard: () => ['restoration', 'dashboard'] as const,
    caseSuspensions: (caseId: string) => ['restoration', 'case', caseId, 'suspensions'] as const,
    serviceHistory: (serviceId: string) => ['restoration', 'service', serviceId, 'history'] as const,
    suspensionUpdates: (suspensionId: string) => ['restoration', 'suspension', suspensionId, 'updates'] as const,
    suspensionReplans: (suspensionId: string) => ['restoration', 'suspension', suspensionId, 'replans'] as const,
  },
  /** A case's evidence: every write refreshes the list, the item's chain of custody and the case's timeline. */
  evidence: {
    all: ['evidence'] as const,
    list: (caseId: string) => ['evidence', 'list', caseId] as const,
    custody: (evidenceId: string) => ['evidence', 'custody', evidenceId] as const,
  },
  /** A case's chronology: every write refreshes it and the case's timeline (which tells chronology changes). */
  chronology: (caseId: string) => ['chronology', caseId] as const,
  /**
   * Observables: a case's list and the search across cases. A value's sightings are counted in the other
   * cases that hold it, so every write invalidates `observables.all` (and the case's timeline, which tells it).
   */
  observables: {
    all: ['observables'] as const,
    ofCase: (caseId: string) => ['observables', 'case', caseId] as const,
    search: (value: string) => ['observables', 'search', value] as const,
  },
  /** Links between cases: a link shows on both of its cases, so every change refreshes `links.all`. */
  links: {
    all: ['links'] as const,
    ofCase: (caseId: string) => ['links', 'case', caseId] as const,
    /** The link dialog's case search (GET /cases?q=), under 'cases' so case changes reach it. */
    search: (q: string) => ['cases', 'link-search', q] as const,
  },
  /**
   * Notification regimes and a case's obligations under them. A change to an obligation moves the
   * case's nearest clock: it invalidates the obligations, the case, the lists and My work.
   */
  regimes: {
    all: ['regimes'] as const,
    list: (includeRetired: boolean) => ['regimes', 'list', { includeRetired }] as const,
    obligations: (caseId: string) => ['regimes', 'obligations', caseId] as const,
  },
  /** The published keys that signed exports are checked against. */
  exportKeys: ['export-keys'] as const,
  /** The reporting page's figures (GET /reports/figures). */
  figures: ['figures'] as const,
  /** The public status page (read without a token). */
  publicStatus: ['public-status'] as const,
};

/** The largest page the API serves. */
export const MAX_PAGE = 200;
/** fetchAll stops after this many pages: option lists are small, and a runaway loop is worse than a short list. */
const MAX_PAGES = 10;

/** fetchAll follows next_cursor and concatenates the pages (for short lists such as departments). */
export async function fetchAll<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return items;
}

/** useMe reads the signed-in user from GET /me. */
export function useMe() {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async ({ signal }) => unwrap(await client.GET('/me', { signal })),
  });
}

/** useDepartments reads every department (all roles may), ordered by name. */
export function useDepartments() {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.departments.all,
    queryFn: ({ signal }) =>
      fetchAll(async (cursor) =>
        unwrap(await client.GET('/departments', { params: { query: { limit: MAX_PAGE, cursor } }, signal })),
      ),
    staleTime: 5 * 60_000,
  });
}

/** useAssignees reads the accounts that may own a case (also offered as members); administrators and responders may. */
export function useAssignees(enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.users.assignees(),
    queryFn: ({ signal }) =>
      fetchAll(async (cursor) =>
        unwrap(await client.GET('/assignees', { params: { query: { limit: MAX_PAGE, cursor } }, signal })),
      ),
    enabled,
    staleTime: 60_000,
  });
}

/**
 * useCasePeople reads the names of everyone a case names by user id (owner, members, milestone
 * owners, timeline actors, evidence collectors…): every role that may see the case may, so a
 * department head or an auditor reads people by name without the user directory.
 */
export function useCasePeople(caseId: string, enabled = true) {
  const { client } = useApi();
  return useQuery({
    enabled,
    queryKey: queryKeys.cases.people(caseId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/cases/{id}/people', { params: { path: { id: caseId } }, signal })).items,
    staleTime: 30_000,
  });
}

/**
 * useAccountLookup finds the accounts the reader may look up by id: every account for an
 * administrator, those that may own a case for a responder, none for anyone else.
 */
export function useAccountLookup(role: string): (id: string) => User | Assignee | undefined {
  const directory = useUserDirectory(role === 'admin');
  const assignees = useAssignees(role === 'responder');
  return (id) => directory.data?.find((u) => u.id === id) ?? assignees.data?.find((u) => u.id === id);
}

/** useUserDirectory reads every user account; only administrators may, so it is off for everyone else. */
export function useUserDirectory(enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.users.directory(),
    queryFn: ({ signal }) =>
      fetchAll(async (cursor) =>
        unwrap(await client.GET('/users', { params: { query: { limit: MAX_PAGE, cursor } }, signal })),
      ),
    enabled,
    staleTime: 60_000,
  });
}

/**
 * useSignInPolicy reads which roles must use two-step sign-in; administrators and auditors may, so it
 * is off for everyone else.
 */
export function useSignInPolicy(enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.signInPolicy,
    queryFn: async ({ signal }) => unwrap(await client.GET('/sign-in-policy', { signal })),
    enabled,
  });
}
