import { describe, expect, it } from 'vitest';

import { correction, recordedLater } from './story';
import type { ChronologyEntry } from './types';

const entry: ChronologyEntry = {
  id: 'e1',
  case_id: 'c1',
  kind: 'detection',
  occurred_at: '2026-12-01T08:00:00Z',
  recorded_at: '2026-12-04T09:30:00Z',
  backdated: true,
  author_id: 'u1',
  body: 'First alert',
  evidence_ids: ['a', 'b'],
  corrected_at: null,
  corrected_by_id: null,
  retracted_at: null,
  retracted_by_id: null,
  retraction_reason: null,
  version: 1,
};

describe('recordedLater', () => {
  it('counts whole days, then hours, and says nothing of an entry recorded in time', () => {
    expect(recordedLater(entry)).toBe('recorded 3 days later');
    expect(recordedLater({ ...entry, recorded_at: '2026-12-02T09:00:00Z' })).toBe('recorded 1 day later');
    expect(recordedLater({ ...entry, recorded_at: '2026-12-01T13:10:00+02:00' })).toBe('recorded 3 hours later');
    expect(recordedLater({ ...entry, recorded_at: '2026-12-01T09:05:00Z' })).toBe('recorded 1 hour later');
    expect(recordedLater({ ...entry, backdated: false })).toBeNull();
  });
});

describe('correction', () => {
  const same = { kind: entry.kind, occurred_at: entry.occurred_at, body: entry.body, evidence_ids: ['b', 'a'] };

  it('sends only what changed, with the reason', () => {
    expect(correction(entry, { ...same, body: ' First alert on FS01 ' }, ' Host named ')).toEqual({
      reason: 'Host named',
      body: 'First alert on FS01',
    });
    expect(
      correction(
        entry,
        { ...same, kind: 'containment', occurred_at: '2026-11-30T08:00:00.000Z', evidence_ids: [] },
        'r',
      ),
    ).toEqual({ reason: 'r', kind: 'containment', occurred_at: '2026-11-30T08:00:00.000Z', evidence_ids: [] });
  });

  it('is null when nothing differs: the same moment written otherwise, the same evidence in another order', () => {
    expect(correction(entry, { ...same, occurred_at: '2026-12-01T09:00:00+01:00' }, 'r')).toBeNull();
  });
});
