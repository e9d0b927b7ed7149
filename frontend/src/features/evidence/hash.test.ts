import { describe, expect, it } from 'vitest';

import { sha256File, toHex } from './hash';
import { ABC_SHA256 } from './testing';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('sha256File', () => {
  it('hashes a file with Web Crypto (FIPS 180-2 vectors)', async () => {
    expect(await sha256File(new File(['abc'], 'abc.txt'))).toEqual({ status: 'done', hex: ABC_SHA256 });
    expect(await sha256File(new File([], 'empty'))).toEqual({ status: 'done', hex: EMPTY_SHA256 });
  });

  it('hashes a larger file: one million times "a" (FIPS 180-2)', async () => {
    const bytes = new Uint8Array(1_000_000).fill(0x61);
    expect(await sha256File(new Blob([bytes]))).toEqual({
      status: 'done',
      hex: 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    });
  });

  it('skips a file past the browser limit and says why', async () => {
    const outcome = await sha256File(new File(['abcd'], 'big'), { maxBytes: 3 });
    expect(outcome.status).toBe('skipped');
    expect(outcome.status === 'skipped' && outcome.reason).toMatch(/too large to hash in the browser/);
  });

  it('skips when the page has no Web Crypto (not a secure context)', async () => {
    const outcome = await sha256File(new File(['abc'], 'abc'), { subtle: null });
    expect(outcome.status).toBe('skipped');
    expect(outcome.status === 'skipped' && outcome.reason).toMatch(/HTTPS/);
  });
});

describe('toHex', () => {
  it('writes every byte as two lowercase digits', () => {
    expect(toHex(new Uint8Array([0, 1, 15, 16, 255]).buffer)).toBe('00010f10ff');
  });
});
