// Which cached queries an event of the live stream makes stale.
import type { QueryKey } from '@tanstack/react-query';

import { queryKeys } from '../../api/queries';
import type { components } from '../../api/schema';

export type LiveEvent = components['schemas']['Event'];

/** The key the notification bell reads; every event worth telling refreshes it. */
export const notificationsKey = ['notifications'] as const;

/** keysFor lists the query keys (prefixes) that event changes. */
export function keysFor(event: LiveEvent): QueryKey[] {
  const keys: QueryKey[] = [];
  const caseId = event.case_id ?? null;
  const type = event.entity_type;
  if (caseId) {
    keys.push(
      queryKeys.cases.detail(caseId),
      queryKeys.cases.timeline(caseId),
      queryKeys.cases.tasks(caseId),
      queryKeys.cases.review(caseId),
      queryKeys.cases.lists,
      queryKeys.myWork,
    );
    if (type === 'evidence' || type === 'custody') keys.push(queryKeys.evidence.all);
    if (type === 'chronology_entry') keys.push(queryKeys.chronology(caseId));
    if (type === 'case_link') keys.push(queryKeys.links.all);
    if (type.startsWith('obligation')) keys.push(queryKeys.regimes.obligations(caseId));
  }
  switch (type) {
    case 'suspension':
    case 'milestone':
    case 'suspension_update':
    case 'replan':
      // A suspension moves the dashboard, the service's status and history, and My work.
      keys.push(queryKeys.restoration.all, queryKeys.services.all, queryKeys.myWork);
      break;
    case 'service':
      keys.push(queryKeys.services.all, queryKeys.restoration.all);
      break;
    case 'department':
      keys.push(queryKeys.departments.all, queryKeys.services.all);
      break;
    case 'user':
      keys.push(queryKeys.users.all);
      break;
    case 'regime':
      keys.push(queryKeys.regimes.all);
      break;
    case 'playbook':
      keys.push(queryKeys.playbooks.all);
      break;
    default:
  }
  if (event.kind !== 'changed') keys.push(notificationsKey);
  return dedupe(keys);
}

function dedupe(keys: QueryKey[]): QueryKey[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const s = JSON.stringify(k);
    if (seen.has(s)) return false;
    seen.add(s);
    return true;
  });
}
