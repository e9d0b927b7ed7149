import { describe, expect, it } from 'vitest';

import { lastLine, parseJsonlTrailer, readTrailer } from './jsonl';

const manifest = {
  kind: 'audit',
  format: 'jsonl',
  sha256: 'cc'.repeat(32),
  exported_at: '2026-11-29T05:27:36Z',
  exporter_id: 'u1',
  exporter_email: 'audrey@example.org',
  caseward_version: 'dev',
  schema_version: 2,
  key_id: 'export-1',
};
const event = (seq: number) => JSON.stringify({ seq, action: 'case.update', hash: 'h', prev_hash: 'p' });
const trailer = (chain: object) =>
  `${JSON.stringify({ chain_check: chain })}\n${JSON.stringify({ manifest, signature: 'c2ln' })}`;

describe('lastLine', () => {
  it('ignores the trailing newline and copes with one line', () => {
    expect(lastLine('a\nb\nc\n')).toBe('c');
    expect(lastLine('only')).toBe('only');
    expect(lastLine('a\r\n')).toBe('a');
  });
});

describe('parseJsonlTrailer', () => {
  it('reads a valid chain check with the manifest and signature', () => {
    const text = [event(1), event(2), trailer({ valid: true, checked: 2, first_invalid_seq: null })].join('\n') + '\n';
    expect(parseJsonlTrailer(text)).toEqual({
      chainCheck: { valid: true, checked: 2, first_invalid_seq: null },
      manifest,
      signatureBase64: 'c2ln',
    });
  });

  it('reads where an invalid chain breaks', () => {
    const text = `${event(7)}\n${trailer({ valid: false, checked: 6, first_invalid_seq: 7 })}\n`;
    expect(parseJsonlTrailer(text).chainCheck).toEqual({ valid: false, checked: 6, first_invalid_seq: 7 });
  });

  it('says a stream without its signed line was cut off', () => {
    expect(() => parseJsonlTrailer(`${event(1)}\n${event(2)}\n`)).toThrow(/cut off/);
    expect(() => parseJsonlTrailer(`${event(1)}\n{"chain_check":{"valid":tr`)).toThrow(/cut off/);
    expect(() =>
      parseJsonlTrailer(`${event(1)}\n{"chain_check":{"valid":true,"checked":1,"first_invalid_seq":null}}\n`),
    ).toThrow(/cut off/);
    expect(() => parseJsonlTrailer(`${event(1)}\n${JSON.stringify({ manifest, signature: 'c2ln' })}\n`)).toThrow(
      /cut off/,
    );
    expect(() => parseJsonlTrailer('')).toThrow(/cut off/);
  });

  it('refuses a trailer without a signature, with a malformed chain check, or in the old format', () => {
    expect(() =>
      parseJsonlTrailer(`{"chain_check":{"valid":true,"checked":1}}\n${JSON.stringify({ manifest })}`),
    ).toThrow(/no signature/);
    expect(() =>
      parseJsonlTrailer(JSON.stringify({ chain_check: { valid: true, checked: 1 }, manifest, signature: 'c2ln' })),
    ).toThrow(/old format/);
    expect(() => parseJsonlTrailer(trailer({ valid: 'yes', checked: 1 }))).toThrow(/incomplete/);
  });

  it('reads the chain check the signed manifest carries, and refuses one that differs from the line', () => {
    const check = { valid: true, checked: 2, first_invalid_seq: null };
    const signed = { ...manifest, schema_version: 3, chain_check: check };
    const line = (m: object) => `${JSON.stringify({ manifest: m, signature: 'c2ln' })}\n`;
    const text = (c: object, m: object) =>
      `${event(1)}\n${event(2)}\n${JSON.stringify({ chain_check: c })}\n${line(m)}`;
    expect(parseJsonlTrailer(text(check, signed)).manifest.chain_check).toEqual(check);
    expect(() => parseJsonlTrailer(text({ ...check, checked: 3 }, signed))).toThrow(/disagree/);
    expect(() =>
      parseJsonlTrailer(text(check, { ...signed, chain_check: { valid: false, checked: 1, first_invalid_seq: 2 } })),
    ).toThrow(/disagree/);
  });

  it('reads the trailer from the end of a large file', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => event(i + 1));
    const file = new Blob([
      lines.join('\n'),
      '\n',
      trailer({ valid: true, checked: 3000, first_invalid_seq: null }),
      '\n',
    ]);
    expect(file.size).toBeGreaterThan(64 * 1024);
    expect((await readTrailer(file)).chainCheck.checked).toBe(3000);
  });
});
