// The audit export's filters, kept in the URL under the same names as the audit screen's,
// so a filtered view of the log carries over to its export.
import type { AuditExportQuery } from './api';
import { isUuid, normalizeReference } from './reference';

export interface AuditExportFilters {
  action?: string;
  entity_type?: string;
  /** A case id, or a case reference typed here. */
  case?: string;
  /** RFC 3339 UTC times. */
  from?: string;
  to?: string;
}

const params: Record<keyof AuditExportFilters, string> = {
  action: 'action',
  entity_type: 'entity',
  case: 'case',
  from: 'from',
  to: 'to',
};

const keys = Object.keys(params) as (keyof AuditExportFilters)[];

export function readAuditFilters(search: URLSearchParams): AuditExportFilters {
  const out: AuditExportFilters = {};
  for (const key of keys) {
    const value = search.get(params[key])?.trim();
    if (value) out[key] = value;
  }
  return out;
}

/** writeAuditFilter returns search with one filter set, or removed when value is empty. */
export function writeAuditFilter(
  search: URLSearchParams,
  key: keyof AuditExportFilters,
  value: string | null | undefined,
) {
  const next = new URLSearchParams(search);
  if (value) next.set(params[key], value);
  else next.delete(params[key]);
  return next;
}

export function clearAuditFilters(search: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const key of keys) next.delete(params[key]);
  return next;
}

export const hasAuditFilters = (f: AuditExportFilters) => keys.some((k) => f[k] !== undefined);

/** caseFilterError says what is wrong with the case filter, or null when it is empty, an id or a reference. */
export function caseFilterError(value: string | undefined): string | null {
  if (!value || isUuid(value) || normalizeReference(value)) return null;
  return 'Enter a case reference (INC-2026-0007) or a case id';
}

/** rangeError says what is wrong with the time range, or null. */
export function rangeError(f: AuditExportFilters): string | null {
  return f.from && f.to && f.from >= f.to ? '"To" must be later than "From"' : null;
}

/** toExportQuery builds the request's filters; a case reference is turned into its id by resolveCase. */
export async function toExportQuery(
  f: AuditExportFilters,
  resolveCase: (reference: string) => Promise<string>,
): Promise<AuditExportQuery> {
  const query: AuditExportQuery = { action: f.action, entity_type: f.entity_type, from: f.from, to: f.to };
  if (f.case) {
    const reference = normalizeReference(f.case);
    query.case_id = reference ? await resolveCase(reference) : f.case.trim();
  }
  return query;
}
