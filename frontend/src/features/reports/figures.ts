// What the reporting page draws and downloads from the figures: rows for each table and chart, and
// CSV files built in the browser with spreadsheet formulas defused as the server's CSV export does.
import type { components } from '../../api/schema';
import { formatCalendarMonth } from '../../components/dates';
import { formatDuration } from '../../components/restoration/format';

type Schemas = components['schemas'];
export type Figures = Schemas['Figures'];
export type CasePhases = Schemas['CasePhases'];
export type PhaseStatistics = Schemas['PhaseStatistics'];

export type Cell = string | number | null;

/**
 * csvCell renders one cell: a text a spreadsheet would read as a formula (=, +, -, @, tab, carriage
 * return first) gets a leading apostrophe (OWASP CSV injection), as internal/export does; a cell with a
 * comma, a quote or a line break is quoted. Numbers are written as they are; null is empty.
 */
export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  let s = v;
  if (s !== '' && '=+-@\t\r'.includes(s.charAt(0))) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** toCsv is a header and rows as CSV text (RFC 4180 line ends). */
export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A table of the page: its CSV header and rows, and the file it downloads as. */
export interface FigureTable {
  file: string;
  header: string[];
  rows: Cell[][];
}

export const severityOrder = ['low', 'medium', 'high', 'critical'] as const;

/** durationOrDash says a number of seconds as "3 h 20 min", or "—" when there is none. */
export const durationOrDash = (s: number | null | undefined) =>
  s === null || s === undefined ? '—' : formatDuration(s);

/** hours is seconds in hours with one decimal, for chart bars and CSV readers. */
export const hours = (s: number | null | undefined) =>
  s === null || s === undefined ? null : Math.round((s / 3600) * 10) / 10;

export function monthsTable(f: Figures): FigureTable {
  return {
    file: 'cases-per-month.csv',
    header: ['month', 'opened', 'closed'],
    rows: f.months.map((m) => [m.month, m.opened, m.closed]),
  };
}

export function severityTable(f: Figures): FigureTable {
  return {
    file: 'time-to-contain-and-close.csv',
    header: [
      'severity',
      'contained_cases',
      'mean_seconds_to_contain',
      'p90_seconds_to_contain',
      'closed_cases',
      'mean_seconds_to_close',
      'p90_seconds_to_close',
    ],
    rows: f.severities.map((s) => [
      s.severity,
      s.to_containment.cases,
      s.to_containment.mean_seconds,
      s.to_containment.p90_seconds,
      s.to_closure.cases,
      s.to_closure.mean_seconds,
      s.to_closure.p90_seconds,
    ]),
  };
}

export function downtimeTable(f: Figures): FigureTable {
  return {
    file: 'downtime-by-department.csv',
    header: ['department', 'services_down', 'downtime_seconds'],
    rows: f.department_downtime.map((d) => [d.department_name, d.services, d.downtime_seconds]),
  };
}

/** The regulator outcomes in the order the page lists them, with their words. */
export const regulatorOutcomes = [
  { key: 'on_time', label: 'Notified on time', color: 'teal.6' },
  { key: 'late', label: 'Notified late', color: 'orange.6' },
  { key: 'overdue', label: 'Not notified, overdue (late)', color: 'red.6' },
  { key: 'running', label: 'Not notified, deadline ahead', color: 'blue.5' },
  { key: 'not_notifying', label: 'Decided not to notify', color: 'gray.5' },
] as const;

export function regulatorTable(f: Figures): FigureTable {
  return {
    file: 'regulator-notifications.csv',
    header: ['outcome', 'cases'],
    rows: regulatorOutcomes.map((o) => [o.label, f.regulator[o.key]]),
  };
}

/** onTimeShare is the share of decided notifications made on time, "—" when none is due yet. */
export function onTimeShare(r: Figures['regulator']): string {
  const judged = r.on_time + r.late + r.overdue;
  return judged === 0 ? '—' : `${Math.round((r.on_time / judged) * 100)}%`;
}

/** monthLabel says a month ("Nov 2026") for chart ticks and rows. */
export const monthLabel = formatCalendarMonth;
