// The regulator notification (GDPR Art. 33) as form values: one exclusive decision, the server's
// obvious checks, and the PATCH body of what changed.
import type { Case, UpdateCaseRequest } from '../../api/types';
import { fromLocalInput, toLocalInput } from '../../components/dates';
import { sameTime } from './caseForm';

export interface RegulatorValues {
  regulator_notified_at: string;
  regulator_reference: string;
  regulator_decision_rationale: string;
  regulator_delay_reason: string;
}

export const REGULATOR_FIELDS = [
  'regulator_notified_at',
  'regulator_reference',
  'regulator_delay_reason',
  'regulator_decision_rationale',
] as const;
type RegulatorField = (typeof REGULATOR_FIELDS)[number];

export const REGULATOR_LABELS: Record<RegulatorField, string> = {
  regulator_notified_at: 'Notified at',
  regulator_reference: "Regulator's reference",
  regulator_delay_reason: 'Reason for the delay',
  regulator_decision_rationale: 'Decision not to notify',
};

export function regulatorValues(c: Case): RegulatorValues {
  return {
    regulator_notified_at: toLocalInput(c.regulator_notified_at),
    regulator_reference: c.regulator_reference,
    regulator_decision_rationale: c.regulator_decision_rationale,
    regulator_delay_reason: c.regulator_delay_reason,
  };
}

/** The regulator decision is one exclusive choice: notified (with its time), decided not to (with its reason), or not yet. */
export type Decision = 'notified' | 'not_notifying' | 'undecided';

export const decisionOf = (v: RegulatorValues): Decision =>
  v.regulator_notified_at ? 'notified' : v.regulator_decision_rationale.trim() ? 'not_notifying' : 'undecided';

/** chosen keeps only what the decision records: never a notification and a decision not to notify together. */
export function chosen(v: RegulatorValues, d: Decision): RegulatorValues {
  if (d === 'notified') return { ...v, regulator_decision_rationale: '' };
  if (d === 'not_notifying')
    return { ...v, regulator_notified_at: '', regulator_reference: '', regulator_delay_reason: '' };
  return {
    regulator_notified_at: '',
    regulator_reference: '',
    regulator_decision_rationale: '',
    regulator_delay_reason: '',
  };
}

/**
 * missingForDecision names the field the decision cannot do without: left empty, the server would
 * read the decision as "not decided yet", so only this check holds a save back.
 */
export function missingForDecision(v: RegulatorValues, d: Decision): RegulatorField[] {
  if (d === 'notified' && !v.regulator_notified_at) return ['regulator_notified_at'];
  if (d === 'not_notifying' && !v.regulator_decision_rationale.trim()) return ['regulator_decision_rationale'];
  return [];
}

/** The server allows a reported time this far ahead of its clock. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** validateRegulator makes the server's obvious checks of a decision on case c, and asks for what the decision needs. */
export function validateRegulator(
  c: Case,
  v: RegulatorValues,
  d: Decision,
  now: number = Date.now(),
): Partial<Record<RegulatorField, string>> {
  const e: Partial<Record<RegulatorField, string>> = {};
  if (d === 'not_notifying' && !v.regulator_decision_rationale.trim()) {
    e.regulator_decision_rationale = 'Decision not to notify is required: record the reasons.';
  }
  if (d !== 'notified') return e;
  const iso = fromLocalInput(v.regulator_notified_at);
  const at = iso ? Date.parse(iso) : null;
  if (at === null) e.regulator_notified_at = 'Notified at is required.';
  else if (at > now + CLOCK_SKEW_MS) e.regulator_notified_at = 'Notified at is in the future.';
  else if (at < Date.parse(c.aware_at)) {
    e.regulator_notified_at = 'Notified at cannot be before the time you became aware of the incident.';
  }
  if (!v.regulator_reference.trim()) {
    e.regulator_reference = "Regulator's reference is required once the regulator has been notified.";
  }
  const due = c.regulator_notification_due_at ? Date.parse(c.regulator_notification_due_at) : null;
  if (at !== null && due !== null && at > due && !v.regulator_delay_reason.trim()) {
    e.regulator_delay_reason =
      'Reason for the delay is required: the regulator was notified more than 72 hours after you became aware (Art. 33(1)).';
  }
  return e;
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
