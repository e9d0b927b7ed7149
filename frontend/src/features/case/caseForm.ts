// A case's fields as form values, shared by "New case" and "Edit details": their order, labels and
// the server's obvious checks, the POST body of a new case and the PATCH body of what changed.
import type { BreachStatus, Case, Category, CreateCaseRequest, Severity, UpdateCaseRequest } from '../../api/types';
import { fromLocalInput, nowLocalInput, toLocalInput } from '../../components/dates';

export interface CaseValues {
  title: string;
  summary: string;
  /** Null until chosen, on a new case. */
  category: Category | null;
  severity: Severity;
  breach_status: BreachStatus;
  department_id: string | null;
  detected_at: string;
  aware_at: string;
  personal_data_involved: boolean;
  data_subjects_estimate: number | string;
  restricted: boolean;
  owner_id: string;
  member_ids: string[];
}

/** CASE_FIELDS is the order the fields are shown in (the first invalid one is focused). */
export const CASE_FIELDS = [
  'title',
  'summary',
  'category',
  'severity',
  'breach_status',
  'department_id',
  'detected_at',
  'aware_at',
  'owner_id',
  'member_ids',
  'personal_data_involved',
  'data_subjects_estimate',
  'restricted',
] as const;
export type CaseField = (typeof CASE_FIELDS)[number];

/** A new case has no breach status, owner or members to choose: the server sets them. */
export const NEW_CASE_FIELDS = CASE_FIELDS.filter(
  (f): f is Exclude<CaseField, 'breach_status' | 'owner_id' | 'member_ids'> =>
    f !== 'breach_status' && f !== 'owner_id' && f !== 'member_ids',
);

/** The labels whose words differ from the field's name, for the server's messages. */
export const CASE_LABELS: Partial<Record<CaseField, string>> = {
  data_subjects_estimate: 'Data subjects (estimate)',
  restricted: 'Restricted (need-to-know)',
};

export const AWARE_BEFORE_DETECTED =
  'Aware at cannot be before the time it was detected: nobody becomes aware of an incident before it is detected.';

/** The server allows a reported time this far ahead of its clock. */
const CLOCK_SKEW_MS = 5 * 60_000;

const chars = (s: string) => [...s.trim()].length;
const timeOf = (local: string) => {
  const iso = fromLocalInput(local);
  return iso ? Date.parse(iso) : null;
};

/** validateCase makes the server's obvious checks, so they show with its answer in the same round. */
export function validateCase(v: CaseValues, now: number = Date.now()): Partial<Record<CaseField, string>> {
  const e: Partial<Record<CaseField, string>> = {};
  if (chars(v.title) === 0) e.title = 'Title is required.';
  else if (chars(v.title) > 300) e.title = 'Title must be at most 300 characters.';
  if (chars(v.summary) > 20000) e.summary = 'Summary must be at most 20000 characters.';
  if (!v.category) e.category = 'Category is required.';
  const detected = timeOf(v.detected_at);
  const aware = timeOf(v.aware_at);
  if (detected === null) e.detected_at = 'Detected at is required.';
  else if (detected > now + CLOCK_SKEW_MS) e.detected_at = 'Detected at is in the future.';
  if (aware === null) e.aware_at = 'Aware at is required.';
  else if (aware > now + CLOCK_SKEW_MS) e.aware_at = 'Aware at is in the future.';
  else if (detected !== null && aware < detected) e.aware_at = AWARE_BEFORE_DETECTED;
  return e;
}

/** newCaseValues starts a case detected and known about now, of medium severity. */
export function newCaseValues(now: number = Date.now()): CaseValues {
  return {
    title: '',
    summary: '',
    category: null,
    severity: 'medium',
    breach_status: 'suspected',
    department_id: null,
    detected_at: nowLocalInput(now),
    aware_at: nowLocalInput(now),
    personal_data_involved: false,
    data_subjects_estimate: '',
    restricted: false,
    owner_id: '',
    member_ids: [],
  };
}

const estimateOf = (v: CaseValues) => (typeof v.data_subjects_estimate === 'number' ? v.data_subjects_estimate : null);

/** createRequest is the POST /cases body; unset optional fields are left out so the server applies its defaults. */
export function createRequest(v: CaseValues): CreateCaseRequest {
  return {
    title: v.title.trim(),
    summary: v.summary.trim() || undefined,
    // An unset category or time is sent as missing: the server names the field.
    category: (v.category ?? undefined) as Category,
    severity: v.severity,
    department_id: v.department_id,
    detected_at: fromLocalInput(v.detected_at) as string,
    aware_at: fromLocalInput(v.aware_at) as string,
    personal_data_involved: v.personal_data_involved,
    data_subjects_estimate: estimateOf(v),
    restricted: v.restricted,
  };
}

/** caseValues are the form values of a stored case. */
export function caseValues(c: Case): CaseValues {
  return {
    title: c.title,
    summary: c.summary,
    category: c.category,
    severity: c.severity,
    breach_status: c.breach_status,
    department_id: c.department_id ?? null,
    detected_at: toLocalInput(c.detected_at),
    aware_at: toLocalInput(c.aware_at),
    personal_data_involved: c.personal_data_involved,
    data_subjects_estimate: c.data_subjects_estimate ?? '',
    restricted: c.restricted,
    owner_id: c.owner_id,
    member_ids: c.member_ids,
  };
}

/** datetime-local shows minutes only: a time whose input was left as shown is unchanged. */
export const sameTime = (local: string, iso: string | null | undefined) => local === toLocalInput(iso);

/** changedDetails is the PATCH body for the details form: only the fields that differ from c. */
export function changedDetails(c: Case, v: CaseValues): UpdateCaseRequest {
  const body: UpdateCaseRequest = {};
  if (v.title.trim() !== c.title) body.title = v.title.trim();
  if (v.summary.trim() !== c.summary.trim()) body.summary = v.summary.trim();
  if (v.category && v.category !== c.category) body.category = v.category;
  if (v.severity !== c.severity) body.severity = v.severity;
  if (v.breach_status !== c.breach_status) body.breach_status = v.breach_status;
  if (v.department_id !== (c.department_id ?? null)) body.department_id = v.department_id;
  if (v.owner_id !== c.owner_id) body.owner_id = v.owner_id;
  if (!sameTime(v.detected_at, c.detected_at)) body.detected_at = fromLocalInput(v.detected_at) ?? '';
  if (!sameTime(v.aware_at, c.aware_at)) body.aware_at = fromLocalInput(v.aware_at) ?? '';
  if (v.personal_data_involved !== c.personal_data_involved) body.personal_data_involved = v.personal_data_involved;
  const estimate = estimateOf(v);
  if (estimate !== (c.data_subjects_estimate ?? null)) body.data_subjects_estimate = estimate;
  if (v.restricted !== c.restricted) body.restricted = v.restricted;
  if ([...v.member_ids].sort().join() !== [...c.member_ids].sort().join()) body.member_ids = v.member_ids;
  return body;
}
