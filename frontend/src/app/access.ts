// Which screens and actions each role may use. The server decides (x-roles in openapi.yaml);
// this only keeps the UI from offering what would be refused.
import type { Role } from '../api/types';

export type Area =
  | 'overview'
  | 'restoration'
  | 'cases'
  | 'observables'
  | 'alerts'
  | 'audit'
  | 'exports'
  | 'users'
  | 'departments'
  | 'services'
  | 'reports'
  | 'regimes'
  | 'playbooks'
  | 'mail'
  | 'webhooks'
  | 'apikeys';

const areaRoles: Record<Area, readonly Role[]> = {
  overview: ['admin', 'responder', 'department_head', 'auditor'],
  restoration: ['admin', 'responder', 'department_head', 'auditor'],
  exports: ['admin', 'auditor'],
  cases: ['admin', 'responder', 'department_head', 'auditor'],
  // The team's observables and the search across cases: department heads see their cases, not these (403).
  observables: ['admin', 'responder', 'auditor'],
  // The alert queue from other tools: the team's and the auditors'; department heads get a 403.
  alerts: ['admin', 'responder', 'auditor'],
  audit: ['admin', 'auditor'],
  users: ['admin'],
  departments: ['admin'],
  services: ['admin', 'responder'],
  // Figures count only the cases the caller may see, so every role may read its own.
  reports: ['admin', 'responder', 'department_head', 'auditor'],
  regimes: ['admin'],
  playbooks: ['admin'],
  mail: ['admin'],
  webhooks: ['admin'],
  apikeys: ['admin'],
};

/** canUse tells whether role may open the screens of area. */
export function canUse(role: Role, area: Area): boolean {
  return areaRoles[area].includes(role);
}

export type Action =
  | 'case.create'
  | 'case.edit'
  | 'case.transition'
  | 'note.create'
  | 'note.any_kind' // decision and statement notes, not only updates
  | 'case.assign'
  | 'case.export'
  | 'suspension.write'
  | 'evidence.write'
  | 'evidence.download'
  | 'chronology.write'
  | 'observable.write'
  | 'alert.decide';

const actionRoles: Record<Action, readonly Role[]> = {
  'case.create': ['admin', 'responder'],
  'case.edit': ['admin', 'responder'],
  'case.transition': ['admin', 'responder'],
  'case.assign': ['admin'],
  'note.create': ['admin', 'responder', 'department_head'],
  'note.any_kind': ['admin', 'responder'],
  'case.export': ['admin', 'responder', 'auditor'],
  'suspension.write': ['admin', 'responder'],
  'evidence.write': ['admin', 'responder'],
  'evidence.download': ['admin', 'responder', 'auditor'],
  'chronology.write': ['admin', 'responder'],
  'observable.write': ['admin', 'responder'],
  'alert.decide': ['admin', 'responder'],
};

/** may tells whether role may take action. */
export function may(role: Role, action: Action): boolean {
  return actionRoles[action].includes(role);
}
