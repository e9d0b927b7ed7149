import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api/problem';
import { addedReport, bulkErrors, change, searchPath, sendable, sightingsLabel, withoutIndexes } from './forms';
import { observable } from './sample';

const invalid = (errors: { field: string; message: string; label?: string }[]) =>
  new ApiError(422, { type: 'about:blank', title: 'Unprocessable Entity', status: 422, errors });

describe('words', () => {
  it('counts sightings and reports a bulk add', () => {
    expect(sightingsLabel(0)).toBe('Not seen in other cases');
    expect(sightingsLabel(1)).toBe('Seen in 1 other case');
    expect(sightingsLabel(4)).toBe('Seen in 4 other cases');
    expect(addedReport([{ merged: false }])).toBe('Added 1 observable.');
    expect(addedReport([{ merged: false }, { merged: true }, { merged: true }])).toBe(
      'Added 1 observable; 2 merged into ones already on this case.',
    );
    expect(searchPath('hxxps://a[.]example/?q=1&r=2')).toBe(
      '/observables?value=hxxps%3A%2F%2Fa%5B.%5Dexample%2F%3Fq%3D1%26r%3D2',
    );
  });
});

describe('sendable', () => {
  it('turns what the API refuses into spaces and keeps tabs, line breaks and other scripts', () => {
    expect(sendable('a\u202Eb\u0007c\u2028d\te\r\nżółw عنوان')).toBe('a b c d\te\r\nżółw عنوان');
  });
});

describe('change', () => {
  const o = observable({ tags: ['a', 'b'], source: 'EDR', description: '' });
  const same = { tlp: o.tlp, pap: o.pap, ioc: o.ioc, tags: ['a', 'b'], description: '', source: 'EDR' };

  it('sends only the fields that differ, trimmed', () => {
    expect(change(o, { ...same, tlp: 'red', tags: [' a ', 'c', 'c'], description: ' Beacon ' })).toEqual({
      tlp: 'red',
      tags: ['a', 'c'],
      description: 'Beacon',
    });
  });

  it('is null when nothing differs', () => {
    expect(change(o, { ...same, source: ' EDR ' })).toBeNull();
  });
});

describe('bulkErrors', () => {
  it('reads both ways of naming an item: the domain’s items[i].field and the contract’s items.i.field', () => {
    const sorted = bulkErrors(
      invalid([
        { field: 'items[2].value', message: 'Value is not an IPv4 address.', label: 'Value' },
        { field: 'items.0.type', message: 'must be one of ipv4, ipv6' },
        { field: 'items.1.tags.0', message: 'Tags must be at most 64 characters.', label: 'Tags' },
        { field: 'items[3].tlp', message: 'must be clear, green, amber, amber+strict or red' },
        { field: 'items', message: 'must list 1 to 1000 observables' },
      ]),
    );
    expect([...sorted.rows]).toEqual([
      [2, 'Value is not an IPv4 address.'],
      [0, 'Type must be one of ipv4, ipv6.'],
    ]);
    expect(sorted.shared).toEqual({
      tags: 'Tags must be at most 64 characters.',
      tlp: 'TLP must be clear, green, amber, amber+strict or red.',
    });
    expect(sorted.others).toEqual(['Items must list 1 to 1000 observables.']);
  });

  it('finds nothing in an error that is not a 422', () => {
    expect(bulkErrors(new Error('offline'))).toEqual({ rows: new Map(), shared: {}, others: [] });
  });
});

describe('withoutIndexes', () => {
  it('puts an error about one tag on the tags field', () => {
    const error = withoutIndexes(invalid([{ field: 'tags.3', message: 'is too long' }]));
    expect(error instanceof ApiError && error.fieldErrors).toEqual({ tags: 'is too long' });
  });
});
