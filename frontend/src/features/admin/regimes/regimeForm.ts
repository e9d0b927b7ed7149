// A new regime as form values: its phases with their deadline rules, the request body, and the
// server's field names ("phases[1].rule.after_phase") put on the form's fields ("phases.1.after").
import { ApiError } from '../../../api/problem';
import type { CreateRegimeRequest } from '../../case/obligations/queries';

export type RuleKind = 'from_awareness' | 'after_phase' | 'none';

export interface PhaseValues {
  name: string;
  audience: string;
  kind: RuleKind;
  offset: number | string;
  unit: 'hours' | 'months';
  after: number | string;
}

export interface RegimeValues {
  name: string;
  description: string;
  phases: PhaseValues[];
}

export const emptyPhase = (): PhaseValues => ({
  name: '',
  audience: 'regulator',
  kind: 'from_awareness',
  offset: 72,
  unit: 'hours',
  after: '',
});

const num = (v: number | string): number | null => (v === '' || v === null ? null : Number(v));

/** regimeBody is the POST body: a timed rule carries its offset in hours or months, and the phase it follows. */
export function regimeBody(v: RegimeValues): CreateRegimeRequest {
  return {
    name: v.name.trim(),
    description: v.description.trim(),
    phases: v.phases.map((p) => {
      const rule: CreateRegimeRequest['phases'][number]['rule'] = { kind: p.kind };
      if (p.kind !== 'none') {
        if (p.unit === 'hours') rule.offset_hours = num(p.offset);
        else rule.offset_months = num(p.offset);
      }
      if (p.kind === 'after_phase') rule.after_phase = num(p.after);
      return { name: p.name.trim(), audience: p.audience, rule };
    }),
  };
}

const phaseField: Record<string, keyof PhaseValues> = {
  name: 'name',
  audience: 'audience',
  rule: 'offset',
  'rule.kind': 'kind',
  'rule.offset_hours': 'offset',
  'rule.offset_months': 'offset',
  'rule.after_phase': 'after',
};

const sentence = (m: string) => `${m.charAt(0).toUpperCase()}${m.slice(1)}.`;

/** regimeErrors puts a 422's field errors on the form's paths; anything else is left to the alert. */
export function regimeErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || error.status !== 422) return out;
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    const m = /^phases\[(\d+)\]\.(.+)$/.exec(field);
    if (m) out[`phases.${m[1]}.${phaseField[m[2] ?? ''] ?? 'name'}`] = sentence(message);
    else if (field === 'name') out.name = `Name ${message}.`;
    else if (field === 'description') out.description = `Description ${message}.`;
    else out.phases = sentence(`Phases: ${message}`);
  }
  return out;
}
