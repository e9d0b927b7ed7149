import { describe, expect, it } from 'vitest';

import { formatBytes, formatExactBytes, groupHash, isSha256Hex, shortHash } from './format';
import { ABC_SHA256 } from './testing';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [10 * 1024 + 300, '10.3 KiB'],
    [5 * 1024 * 1024, '5 MiB'],
    [123.4 * 1024 * 1024, '123 MiB'],
    [2 * 1024 ** 3, '2 GiB'],
    [3.25 * 1024 ** 4, '3.25 TiB'],
  ])('shows %d bytes as %s', (bytes, shown) => {
    expect(formatBytes(bytes)).toBe(shown);
  });

  it('shows a dash for no size or a nonsense one', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatExactBytes', () => {
  it('groups the digits of the exact size', () => {
    expect(formatExactBytes(1_572_864)).toBe('1,572,864 bytes');
    expect(formatExactBytes(1)).toBe('1 byte');
    expect(formatExactBytes(null)).toBe('—');
  });
});

describe('hashes', () => {
  it('shortens a hash to its first 12 hex digits', () => {
    expect(shortHash(ABC_SHA256)).toBe('ba7816bf8f01…');
    expect(shortHash('abc')).toBe('abc');
  });

  it('groups a hash by eight for reading aloud', () => {
    expect(groupHash(ABC_SHA256).split(' ')).toHaveLength(8);
    expect(groupHash(ABC_SHA256).replaceAll(' ', '')).toBe(ABC_SHA256);
  });

  it('recognises a hex SHA-256', () => {
    expect(isSha256Hex(ABC_SHA256)).toBe(true);
    expect(isSha256Hex(ABC_SHA256.toUpperCase())).toBe(true);
    expect(isSha256Hex(ABC_SHA256.slice(1))).toBe(false);
    expect(isSha256Hex(`${ABC_SHA256.slice(1)}g`)).toBe(false);
  });
});
