// The audit screen's filters, kept in the URL so a filtered view can be shared and reloaded.

export interface AuditFilters {
  /** Free text: action, actor name or email, entity name, case reference. */
  q?: string;
  action?: string;
  entity_type?: string;
  actor_id?: string;
  case_id?: string;
  /** RFC 3339 UTC times. */
  from?: string;
  to?: string;
}

/** URL parameter per filter. */
const params: Record<keyof AuditFilters, string> = {
  q: 'q',
  action: 'action',
  entity_type: 'entity',
  actor_id: 'actor',
  case_id: 'case',
  from: 'from',
  to: 'to',
};

const keys = Object.keys(params) as (keyof AuditFilters)[];

export function readFilters(search: URLSearchParams): AuditFilters {
  const out: AuditFilters = {};
  for (const key of keys) {
    const value = search.get(params[key])?.trim();
    if (value) out[key] = value;
  }
  return out;
}

/** writeFilter returns search with one filter set (or removed when value is empty). */
export function writeFilter(search: URLSearchParams, key: keyof AuditFilters, value: string | null | undefined) {
  const next = new URLSearchParams(search);
  if (value) next.set(params[key], value);
  else next.delete(params[key]);
  return next;
}

export function clearFilters(search: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const key of keys) next.delete(params[key]);
  return next;
}

export const hasFilters = (f: AuditFilters) => keys.some((k) => f[k] !== undefined);

/** The actions the server records (docs/audit.md); the filter also accepts any other exact action. */
export const knownActions = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.refresh_reused',
  'auth.password_change_failed',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.password_reset',
  'user.password_change',
  'user.profile_update',
  'user.sso_create',
  'user.sso_update',
  'department.create',
  'department.update',
  'service.create',
  'service.update',
  'case.create',
  'case.update',
  'case.transition',
  'note.create',
  'suspension.create',
  'suspension.update',
  'suspension.replan',
  'suspension.restore',
  'suspension.cancel',
  'suspension.update_posted',
  'milestone.create',
  'milestone.update',
  'milestone.replan',
  'milestone.reorder',
  'evidence.create',
  'evidence.update',
  'evidence.download',
  'evidence.verify',
  'evidence.integrity_failure',
  'evidence.file_removed',
  'custody.transferred',
  'custody.accessed',
  'custody.analysed',
  'custody.exported',
  'custody.returned',
  'custody.disposed',
  'custody.seal_legacy',
  'export.case',
  'export.audit',
  'regime.create',
  'regime.update',
  'obligation.create',
  'obligation_phase.update',
];

/** The longest search the server takes (openapi.yaml, GET /audit q). */
export const MAX_QUERY = 100;

export const entityTypes = [
  'case',
  'note',
  'user',
  'session',
  'department',
  'service',
  'suspension',
  'suspension_update',
  'milestone',
  'evidence',
  'custody',
  'audit',
  'regime',
  'obligation',
  'obligation_phase',
];
