// The cases list's filters and sort, kept in the URL (?status=triage&status=investigating&sort=-severity…).
import type { BreachStatus, CaseStatus, Category, RegulatorStatus, Severity } from '../../api/types';
import { breachStatuses, categories, isOneOf, severities, statuses } from '../../components/caseLabels';

export const sorts = [
  'opened',
  '-opened',
  'updated',
  '-updated',
  'severity',
  '-severity',
  'regulator_due',
  '-regulator_due',
] as const;
export type Sort = (typeof sorts)[number];
export const DEFAULT_SORT: Sort = '-opened';

/** sortOptions are the sort control's choices, in the words a reader uses. */
export const sortOptions: { value: Sort; label: string }[] = [
  { value: '-opened', label: 'Newest first' },
  { value: 'opened', label: 'Oldest first' },
  { value: '-updated', label: 'Recently updated' },
  { value: '-severity', label: 'Most severe first' },
  { value: 'regulator_due', label: 'Regulator deadline: soonest first' },
  { value: '-regulator_due', label: 'Regulator deadline: latest first' },
];

const regulatorStatuses: RegulatorStatus[] = ['not_required', 'due', 'overdue', 'notified'];

export interface CaseFilters {
  status: CaseStatus[];
  severity: Severity[];
  category: Category[];
  breach: BreachStatus[];
  /** mine keeps the cases the signed-in user owns. */
  mine?: boolean;
  department?: string;
  regulator?: RegulatorStatus;
  /** openedFrom and openedTo are calendar days (YYYY-MM-DD), both included, in the reader's time zone. */
  openedFrom?: string;
  openedTo?: string;
  q?: string;
  sort: Sort;
}

export const noFilters = (sort: Sort): CaseFilters => ({ status: [], severity: [], category: [], breach: [], sort });

const all = <T extends string>(search: URLSearchParams, name: string, values: readonly T[]): T[] =>
  search.getAll(name).filter((v): v is T => isOneOf(values, v));

const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isNaN(Date.parse(v)) ? v : undefined);

export function readFilters(search: URLSearchParams): CaseFilters {
  const sort = search.get('sort');
  const regulator = search.get('regulator');
  return {
    status: all(search, 'status', statuses),
    severity: all(search, 'severity', severities),
    category: all(search, 'category', categories),
    breach: all(search, 'breach', breachStatuses),
    mine: search.get('mine') === '1' || undefined,
    department: search.get('department') || undefined,
    regulator: isOneOf(regulatorStatuses, regulator) ? regulator : undefined,
    openedFrom: day(search.get('opened_from')),
    openedTo: day(search.get('opened_to')),
    q: search.get('q')?.trim() || undefined,
    sort: isOneOf(sorts, sort) ? sort : DEFAULT_SORT,
  };
}

/** writeFilters puts filters in the URL; empty ones and the default sort are left out. */
export function writeFilters(filters: CaseFilters): URLSearchParams {
  const out = new URLSearchParams();
  if (filters.mine) out.set('mine', '1');
  for (const s of filters.status) out.append('status', s);
  for (const s of filters.severity) out.append('severity', s);
  for (const c of filters.category) out.append('category', c);
  for (const b of filters.breach) out.append('breach', b);
  if (filters.department) out.set('department', filters.department);
  if (filters.regulator) out.set('regulator', filters.regulator);
  if (filters.openedFrom) out.set('opened_from', filters.openedFrom);
  if (filters.openedTo) out.set('opened_to', filters.openedTo);
  if (filters.q) out.set('q', filters.q);
  if (filters.sort !== DEFAULT_SORT) out.set('sort', filters.sort);
  return out;
}

export const isFiltered = (f: CaseFilters) =>
  f.status.length + f.severity.length + f.category.length + f.breach.length > 0 ||
  !!f.mine ||
  !!f.department ||
  !!f.regulator ||
  !!f.openedFrom ||
  !!f.openedTo ||
  !!f.q;

/** startOfDay is the instant a calendar day (YYYY-MM-DD) begins in the reader's time zone, plus days. */
function startOfDay(d: string, plusDays = 0): string {
  const [y = 1970, m = 1, dd = 1] = d.split('-').map(Number);
  return new Date(y, m - 1, dd + plusDays).toISOString();
}

/** toQuery is the GET /cases query for filters; "mine" needs the signed-in user's id. */
export function toQuery(f: CaseFilters, myId?: string) {
  return {
    status: f.status.length ? f.status : undefined,
    severity: f.severity.length ? f.severity : undefined,
    category: f.category.length ? f.category : undefined,
    breach_status: f.breach.length ? f.breach : undefined,
    owner_id: f.mine ? myId : undefined,
    department_id: f.department,
    regulator_status: f.regulator,
    opened_after: f.openedFrom ? startOfDay(f.openedFrom) : undefined,
    opened_before: f.openedTo ? startOfDay(f.openedTo, 1) : undefined,
    q: f.q,
    sort: f.sort,
  };
}

/** nextSort is the sort after clicking a column: descending first, then ascending. */
export function nextSort(current: Sort, column: 'opened' | 'updated' | 'severity'): Sort {
  return current === `-${column}` ? column : `-${column}`;
}

/** totalLabel is the list's count as people read it: "1 case", "312 cases", "10 000+ cases". */
export function totalLabel(total: number, capped: boolean): string {
  const n = String(total).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${n}${capped ? '+' : ''} ${total === 1 && !capped ? 'case' : 'cases'}`;
}

export const regulatorOptions: { value: RegulatorStatus; label: string }[] = [
  { value: 'due', label: 'Notification due' },
  { value: 'overdue', label: 'Notification overdue' },
  { value: 'notified', label: 'Regulator notified' },
  { value: 'not_required', label: 'Not required' },
];
