// Saying in words what an export is: which case or range, made when, by whom.
import type { Manifest } from './signed';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** formatUtc shows a time as "5 Dec 2026 09:00 UTC", the same for every reader. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** compactStamp is the time as Caseward puts it in export file names: 20261205T090000Z. */
export function compactStamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

const formats: Record<string, string> = { json: 'JSON bundle', csv: 'CSV', pdf: 'PDF', jsonl: 'JSON lines' };

function range(filters: Record<string, string> | undefined): string {
  const f = filters ?? {};
  const parts: string[] = [];
  if (f.from && f.to) parts.push(`from ${formatUtc(f.from)} to ${formatUtc(f.to)}`);
  else if (f.from) parts.push(`from ${formatUtc(f.from)}`);
  else if (f.to) parts.push(`up to ${formatUtc(f.to)}`);
  const others = Object.entries(f).filter(([k]) => k !== 'from' && k !== 'to');
  if (others.length) parts.push(`(${others.map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ')})`);
  return parts.length ? parts.join(' ') : 'of the whole log';
}

/** describeExport says what the manifest signs: "case export (PDF) of INC-2026-0001". */
export function describeExport(m: Manifest): string {
  const format = formats[m.format] ?? m.format;
  if (m.kind === 'case') return `case export (${format}) of ${m.case_reference ?? 'a case'}`;
  return `audit log export (${format}) ${range(m.filters)}`;
}

/** exporterName is who made the export: their name from schema_version 4, else their email. */
export const exporterName = (m: Manifest) => m.exporter_name || m.exporter_email;

/** madeBy says "made 5 Dec 2026 09:00 UTC by Ann Smith". */
export const madeBy = (m: Manifest) => `made ${formatUtc(m.exported_at)} by ${exporterName(m)}`;
