import { describe, expect, it } from 'vitest';

import { describeLink, duplicateOf, sortLinks, type CaseLink, type CaseLinkRelation } from './wording';

function link(relation: CaseLinkRelation, reference: string): CaseLink {
  const kind = relation === 'has_duplicate' ? 'duplicate_of' : relation === 'caused' ? 'caused_by' : relation;
  return {
    id: reference,
    kind,
    relation,
    from_case_id: 'a',
    to_case_id: 'b',
    case: { id: reference, reference, title: 'Other case', status: 'triage' },
    created_by_id: 'u',
    created_at: '2026-12-05T10:00:00Z',
  };
}

describe('link wording', () => {
  it('words each relation from the side it is read on', () => {
    expect(describeLink(link('duplicate_of', 'INC-2026-0001'))).toBe('Duplicate of INC-2026-0001');
    expect(describeLink(link('has_duplicate', 'INC-2026-0002'))).toBe('Has duplicate INC-2026-0002');
    expect(describeLink(link('caused_by', 'INC-2026-0003'))).toBe('Caused by INC-2026-0003');
    expect(describeLink(link('caused', 'INC-2026-0004'))).toBe('Caused INC-2026-0004');
    expect(describeLink(link('related', 'INC-2026-0005'))).toBe('Related to INC-2026-0005');
  });

  it('finds the original of a duplicate, and nothing on the original', () => {
    expect(duplicateOf([link('related', 'R'), link('duplicate_of', 'O')])?.case.reference).toBe('O');
    expect(duplicateOf([link('has_duplicate', 'D')])).toBeUndefined();
    expect(duplicateOf([])).toBeUndefined();
  });

  it('lists what the case is before what it is to others', () => {
    const sorted = sortLinks([
      link('has_duplicate', 'D'),
      link('related', 'R'),
      link('duplicate_of', 'O'),
      link('caused', 'E'),
    ]);
    expect(sorted.map((l) => l.relation)).toEqual(['duplicate_of', 'related', 'caused', 'has_duplicate']);
  });
});
