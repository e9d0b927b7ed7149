// The lines of the phase durations card, from the API's seconds.
import { formatDuration } from '../../components/restoration/format';
import type { CasePhases } from './figures';

export interface PhaseLine {
  label: string;
  value: string;
}

/** phaseLines says each phase's duration, or where the case stands when it has not reached it. */
export function phaseLines(p: CasePhases): PhaseLine[] {
  return [
    { label: 'To awareness', value: formatDuration(p.to_awareness_seconds) },
    {
      label: 'To containment',
      value: p.to_containment_seconds === null ? 'Not contained yet' : formatDuration(p.to_containment_seconds),
    },
    {
      label: 'To closure',
      value: p.to_closure_seconds === null ? 'Still open' : formatDuration(p.to_closure_seconds),
    },
  ];
}
