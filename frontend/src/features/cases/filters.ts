// The cases list's filters and sort, kept in the URL (?status=triage&status=investigating&sort=-severity…).
import type { CaseStatus, Category, RegulatorStatus, Severity } from '../../api/types';
import { categories, isOneOf, severities, statuses } from '../../components/caseLabels';

export const sorts = ['opened', '-opened', 'updated', '-updated', 'severity', '-severity'] as const;
export type Sort = (typeof sorts)[number];
export const DEFAULT_SORT: Sort = '-opened';

const regulatorStatuses: RegulatorStatus[] = ['not_required', 'due', 'overdue', 'notified'];

export interface CaseFilters {
  status: CaseStatus[];
  severity: Severity[];
  category: Category[];
  department?: string;
  regulator?: RegulatorStatus;
  q?: string;
  sort: Sort;
}

const all = <T extends string>(search: URLSearchParams, name: string, values: readonly T[]): T[] =>
  search.getAll(name).filter((v): v is T => isOneOf(values, v));

export function readFilters(search: URLSearchParams): CaseFilters {
  const sort = search.get('sort');
  const regulator = search.get('regulator');
  return {
    status: all(search, 'status', statuses),
    severity: all(search, 'severity', severities),
    category: all(search, 'category', categories),
    department: search.get('department') || undefined,
    regulator: isOneOf(regulatorStatuses, regulator) ? regulator : undefined,
    q: search.get('q')?.trim() || undefined,
    sort: isOneOf(sorts, sort) ? sort : DEFAULT_SORT,
  };
}

/** writeFilters puts filters in the URL; empty ones and the default sort are left out. */
export function writeFilters(filters: CaseFilters): URLSearchParams {
  const out = new URLSearchParams();
  for (const s of filters.status) out.append('status', s);
  for (const s of filters.severity) out.append('severity', s);
  for (const c of filters.category) out.append('category', c);
  if (filters.department) out.set('department', filters.department);
  if (filters.regulator) out.set('regulator', filters.regulator);
  if (filters.q) out.set('q', filters.q);
  if (filters.sort !== DEFAULT_SORT) out.set('sort', filters.sort);
  return out;
}

export const isFiltered = (f: CaseFilters) =>
  f.status.length + f.severity.length + f.category.length > 0 || !!f.department || !!f.regulator || !!f.q;

/** toQuery is the GET /cases query for filters. */
export function toQuery(f: CaseFilters) {
  return {
    status: f.status.length ? f.status : undefined,
    severity: f.severity.length ? f.severity : undefined,
    category: f.category.length ? f.category : undefined,
    department_id: f.department,
    regulator_status: f.regulator,
    q: f.q,
    sort: f.sort,
  };
}

/** nextSort is the sort after clicking a column: descending first, then ascending. */
export function nextSort(current: Sort, column: 'opened' | 'updated' | 'severity'): Sort {
  return current === `-${column}` ? column : `-${column}`;
}

export const regulatorOptions: { value: RegulatorStatus; label: string }[] = [
  { value: 'due', label: 'Notification due' },
  { value: 'overdue', label: 'Notification overdue' },
  { value: 'notified', label: 'Regulator notified' },
  { value: 'not_required', label: 'Not required' },
];
