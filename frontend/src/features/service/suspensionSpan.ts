// Where a suspension's marks fall on its own row: the downtime so far, the projection still
// ahead, and the baseline (the first promise), as fractions of the row.
import type { ServiceSuspension } from './types';

export interface SuspensionSpan {
  /** The end of the downtime so far (restoration, or now), 0–1. */
  down: number;
  /** The projected restoration still ahead of a suspension still down, 0–1; null otherwise. */
  projected: number | null;
  /** The baseline restoration date, 0–1; null without one. */
  baseline: number | null;
  /** The restoration (or projection) came after the baseline. */
  late: boolean;
}

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

/** suspensionSpan lays out s on a row that runs from its start to the latest of its marks, at now. */
export function suspensionSpan(s: ServiceSuspension, now: number): SuspensionSpan {
  const start = ms(s.suspended_at);
  const end = s.status === 'restored' ? ms(s.restored_at) : s.status === 'cancelled' ? start : Math.max(now, start);
  const projected = s.status === 'active' ? ms(s.projected_restoration_at) : NaN;
  const baseline = ms(s.baseline_restoration_at);
  const last = Math.max(end, Number.isNaN(projected) ? end : projected, Number.isNaN(baseline) ? end : baseline);
  const length = last - start;
  const at = (t: number) => (length > 0 ? Math.min(Math.max((t - start) / length, 0), 1) : 0);
  const finish = Number.isNaN(projected) ? end : Math.max(projected, end);
  return {
    down: at(end),
    projected: Number.isNaN(projected) || projected <= end ? null : at(projected),
    baseline: Number.isNaN(baseline) ? null : at(baseline),
    late: !Number.isNaN(baseline) && s.status !== 'cancelled' && finish > baseline,
  };
}
