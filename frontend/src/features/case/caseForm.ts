// The editable fields of a case as form values, and the PATCH body of what changed.
import type { BreachStatus, Case, Category, Severity, UpdateCaseRequest } from '../../api/types';
import { fromLocalInput, toLocalInput } from '../../components/dates';

export interface DetailValues {
  title: string;
  summary: string;
  category: Category;
  severity: Severity;
  breach_status: BreachStatus;
  department_id: string | null;
  owner_id: string;
  detected_at: string;
  aware_at: string;
  personal_data_involved: boolean;
  data_subjects_estimate: number | string;
  restricted: boolean;
  member_ids: string[];
}

export const DETAIL_FIELDS = [
  'title',
  'summary',
  'category',
  'severity',
  'breach_status',
  'department_id',
  'owner_id',
  'detected_at',
  'aware_at',
  'personal_data_involved',
  'data_subjects_estimate',
  'restricted',
  'member_ids',
] as const;

export function detailValues(c: Case): DetailValues {
  return {
    title: c.title,
    summary: c.summary,
    category: c.category,
    severity: c.severity,
    breach_status: c.breach_status,
    department_id: c.department_id ?? null,
    owner_id: c.owner_id,
    detected_at: toLocalInput(c.detected_at),
    aware_at: toLocalInput(c.aware_at),
    personal_data_involved: c.personal_data_involved,
    data_subjects_estimate: c.data_subjects_estimate ?? '',
    restricted: c.restricted,
    member_ids: c.member_ids,
  };
}

export interface RegulatorValues {
  regulator_notified_at: string;
  regulator_reference: string;
  regulator_decision_rationale: string;
  regulator_delay_reason: string;
}

export const REGULATOR_FIELDS = [
  'regulator_notified_at',
  'regulator_reference',
  'regulator_decision_rationale',
  'regulator_delay_reason',
] as const;

export function regulatorValues(c: Case): RegulatorValues {
  return {
    regulator_notified_at: toLocalInput(c.regulator_notified_at),
    regulator_reference: c.regulator_reference,
    regulator_decision_rationale: c.regulator_decision_rationale,
    regulator_delay_reason: c.regulator_delay_reason,
  };
}

/** datetime-local shows minutes only: a time whose input was left as shown is unchanged. */
const sameTime = (local: string, iso: string | null | undefined) => local === toLocalInput(iso);

/** changedDetails is the PATCH body for the details form: only the fields that differ from c. */
export function changedDetails(c: Case, v: DetailValues): UpdateCaseRequest {
  const body: UpdateCaseRequest = {};
  if (v.title.trim() !== c.title) body.title = v.title.trim();
  if (v.summary.trim() !== c.summary.trim()) body.summary = v.summary.trim();
  if (v.category !== c.category) body.category = v.category;
  if (v.severity !== c.severity) body.severity = v.severity;
  if (v.breach_status !== c.breach_status) body.breach_status = v.breach_status;
  if (v.department_id !== (c.department_id ?? null)) body.department_id = v.department_id;
  if (v.owner_id !== c.owner_id) body.owner_id = v.owner_id;
  if (!sameTime(v.detected_at, c.detected_at)) body.detected_at = fromLocalInput(v.detected_at) ?? '';
  if (!sameTime(v.aware_at, c.aware_at)) body.aware_at = fromLocalInput(v.aware_at) ?? '';
  if (v.personal_data_involved !== c.personal_data_involved) body.personal_data_involved = v.personal_data_involved;
  const estimate = typeof v.data_subjects_estimate === 'number' ? v.data_subjects_estimate : null;
  if (estimate !== (c.data_subjects_estimate ?? null)) body.data_subjects_estimate = estimate;
  if (v.restricted !== c.restricted) body.restricted = v.restricted;
  if ([...v.member_ids].sort().join() !== [...c.member_ids].sort().join()) body.member_ids = v.member_ids;
  return body;
}

/** changedRegulator is the PATCH body for the regulator form. */
export function changedRegulator(c: Case, v: RegulatorValues): UpdateCaseRequest {
  const body: UpdateCaseRequest = {};
  if (!sameTime(v.regulator_notified_at, c.regulator_notified_at)) {
    body.regulator_notified_at = fromLocalInput(v.regulator_notified_at) ?? null;
  }
  if (v.regulator_reference.trim() !== c.regulator_reference) body.regulator_reference = v.regulator_reference.trim();
  if (v.regulator_decision_rationale.trim() !== c.regulator_decision_rationale) {
    body.regulator_decision_rationale = v.regulator_decision_rationale.trim();
  }
  if (v.regulator_delay_reason.trim() !== c.regulator_delay_reason) {
    body.regulator_delay_reason = v.regulator_delay_reason.trim();
  }
  return body;
}
