// How case enums are named and coloured in the UI. Order follows the workflow / the scale.
import type { BreachStatus, CaseStatus, Category, NoteKind, Severity } from '../api/types';

export const statuses: CaseStatus[] = ['reported', 'triage', 'investigating', 'contained', 'recovering', 'closed'];
export const severities: Severity[] = ['low', 'medium', 'high', 'critical'];
export const categories: Category[] = [
  'malware',
  'unauthorised_access',
  'data_leak',
  'vulnerability',
  'phishing',
  'denial_of_service',
  'other',
];
export const breachStatuses: BreachStatus[] = ['suspected', 'confirmed', 'ruled_out'];
export const noteKinds: NoteKind[] = ['update', 'decision', 'statement'];

export const statusInfo: Record<CaseStatus, { label: string; color: string }> = {
  reported: { label: 'Reported', color: 'gray' },
  triage: { label: 'Triage', color: 'yellow' },
  investigating: { label: 'Investigating', color: 'blue' },
  contained: { label: 'Contained', color: 'violet' },
  recovering: { label: 'Recovering', color: 'cyan' },
  closed: { label: 'Closed', color: 'teal' },
};

export const severityInfo: Record<Severity, { label: string; color: string }> = {
  low: { label: 'Low', color: 'gray' },
  medium: { label: 'Medium', color: 'yellow' },
  high: { label: 'High', color: 'orange' },
  critical: { label: 'Critical', color: 'red' },
};

export const categoryLabel: Record<Category, string> = {
  malware: 'Malware',
  unauthorised_access: 'Unauthorised access',
  data_leak: 'Data leak',
  vulnerability: 'Vulnerability',
  phishing: 'Phishing',
  denial_of_service: 'Denial of service',
  other: 'Other',
};

export const breachInfo: Record<BreachStatus, { label: string; color: string }> = {
  suspected: { label: 'Breach suspected', color: 'orange' },
  confirmed: { label: 'Breach confirmed', color: 'red' },
  ruled_out: { label: 'Breach ruled out', color: 'teal' },
};

export const noteKindInfo: Record<NoteKind, { label: string; color: string }> = {
  update: { label: 'Update', color: 'blue' },
  decision: { label: 'Decision', color: 'grape' },
  statement: { label: 'Statement', color: 'teal' },
};

/** options turns a list of enum values into Select / MultiSelect data. */
export function options<T extends string>(values: readonly T[], label: (v: T) => string) {
  return values.map((value) => ({ value, label: label(value) }));
}

/** isOneOf narrows a string (from the URL, say) to one of values. */
export function isOneOf<T extends string>(values: readonly T[], v: string | null | undefined): v is T {
  return v != null && (values as readonly string[]).includes(v);
}
