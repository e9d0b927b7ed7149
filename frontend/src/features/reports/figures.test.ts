import { describe, expect, it } from 'vitest';

import {
  csvCell,
  downtimeTable,
  durationOrDash,
  type Figures,
  hours,
  onTimeShare,
  regulatorTable,
  severityTable,
  toCsv,
} from './figures';
import { phaseLines } from './phases';

const figures: Figures = {
  generated_at: '2026-12-15T12:00:00Z',
  time_zone: 'UTC',
  months: [{ month: '2026-12', opened: 4, closed: 3 }],
  severities: [
    {
      severity: 'high',
      to_containment: { cases: 5, mean_seconds: 14400, p90_seconds: 27360 },
      to_closure: { cases: 0, mean_seconds: null, p90_seconds: null },
    },
  ],
  department_downtime: [
    { department_id: '0190', department_name: '=HYPERLINK("x")', services: 2, downtime_seconds: 208800 },
  ],
  regulator: { on_time: 3, late: 1, overdue: 1, running: 2, not_notifying: 1 },
};

describe('csvCell', () => {
  it.each<[string | number | null, string]>([
    ['Finance', 'Finance'],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=a,b', `"'=a,b"`],
    [-5, '-5'],
    [0, '0'],
    [null, ''],
  ])('%j → %j', (value, want) => {
    expect(csvCell(value)).toBe(want);
  });
});

describe('the CSV tables', () => {
  it('writes the header and rows with formulas defused and empty cells for missing figures', () => {
    const t = downtimeTable(figures);
    expect(t.file).toBe('downtime-by-department.csv');
    expect(toCsv(t.header, t.rows)).toBe(
      'department,services_down,downtime_seconds\r\n"\'=HYPERLINK(""x"")",2,208800\r\n',
    );
    const s = severityTable(figures);
    expect(toCsv(s.header, s.rows).split('\r\n')[1]).toBe('high,5,14400,27360,0,,');
  });

  it('lists every regulator outcome in the page order', () => {
    expect(regulatorTable(figures).rows).toEqual([
      ['Notified on time', 3],
      ['Notified late', 1],
      ['Not notified, overdue (late)', 1],
      ['Not notified, deadline ahead', 2],
      ['Decided not to notify', 1],
    ]);
  });
});

describe('formatting', () => {
  it('says durations, hours and the on-time share, with a dash when there is nothing', () => {
    expect(durationOrDash(27360)).toBe('7 h 36 min');
    expect(durationOrDash(null)).toBe('—');
    expect(hours(27360)).toBe(7.6);
    expect(hours(null)).toBeNull();
    expect(onTimeShare(figures.regulator)).toBe('60%');
    expect(onTimeShare({ on_time: 0, late: 0, overdue: 0, running: 4, not_notifying: 1 })).toBe('—');
  });

  it('says each phase, or where the case stands when it has not reached it', () => {
    const base = {
      detected_at: '2026-12-01T00:00:00Z',
      aware_at: '2026-12-01T01:00:00Z',
      contained_at: null,
      closed_at: null,
      downtime: [],
      generated_at: '2026-12-02T00:00:00Z',
    };
    expect(
      phaseLines({ ...base, to_awareness_seconds: 3600, to_containment_seconds: null, to_closure_seconds: null }),
    ).toEqual([
      { label: 'To awareness', value: '1 h' },
      { label: 'To containment', value: 'Not contained yet' },
      { label: 'To closure', value: 'Still open' },
    ]);
    expect(
      phaseLines({
        ...base,
        to_awareness_seconds: 30,
        to_containment_seconds: 90_000,
        to_closure_seconds: 180_000,
      }).map((l) => l.value),
    ).toEqual(['< 1 min', '1 d 1 h', '2 d 2 h']);
  });
});
