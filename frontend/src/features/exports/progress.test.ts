import { describe, expect, it } from 'vitest';

import {
  countNewlines,
  expectedLength,
  formatBytes,
  progressLabel,
  progressPercent,
  readBody,
  startProgress,
  type DownloadProgress,
} from './progress';

describe('progressPercent', () => {
  it('is the share received, rounded down, and 100 only when complete', () => {
    expect(progressPercent({ received: 0, total: 200, lines: 0 })).toBe(0);
    expect(progressPercent({ received: 199, total: 200, lines: 0 })).toBe(99);
    expect(progressPercent({ received: 200, total: 200, lines: 0 })).toBe(100);
    expect(progressPercent({ received: 500, total: 200, lines: 0 })).toBe(100);
  });

  it('is unknown (indeterminate) without a size', () => {
    expect(progressPercent({ received: 10, total: null, lines: 0 })).toBeNull();
    expect(progressPercent({ received: 10, total: 0, lines: 0 })).toBeNull();
  });
});

describe('expectedLength', () => {
  it('reads Content-Length, but not for an encoded body or a bad value', () => {
    expect(expectedLength(new Headers({ 'Content-Length': '3862' }))).toBe(3862);
    expect(expectedLength(new Headers({}))).toBeNull();
    expect(expectedLength(new Headers({ 'Content-Length': '12', 'Content-Encoding': 'gzip' }))).toBeNull();
    expect(expectedLength(new Headers({ 'Content-Length': 'abc' }))).toBeNull();
  });
});

describe('progressLabel', () => {
  it('says how much of how much, or how much so far, and counts lines when asked', () => {
    expect(progressLabel({ received: 1_500, total: 3_000, lines: 0 })).toBe('50% · 1.5 KB of 3 KB');
    expect(progressLabel({ received: 2_340_000, total: null, lines: 12_345 }, ['line', 'lines'])).toBe(
      '2.34 MB received · 12,345 lines',
    );
    expect(progressLabel({ received: 1, total: null, lines: 1 }, ['line', 'lines'])).toBe('1 byte received · 1 line');
  });

  it('formats sizes in decimal units', () => {
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1000)).toBe('1 KB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
  });
});

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

describe('readBody', () => {
  it('counts bytes and lines chunk by chunk and returns the whole body', async () => {
    const seen: DownloadProgress[] = [];
    const blob = await readBody(
      streamOf(['{"a":1}\n{"b"', ':2}\n', '{"t":1}\n']),
      'application/x-ndjson',
      startProgress(null),
      (p) => seen.push(p),
    );
    expect(seen.map((p) => [p.received, p.lines])).toEqual([
      [0, 0],
      [12, 1],
      [16, 2],
      [24, 3],
    ]);
    expect(await blob.text()).toBe('{"a":1}\n{"b":2}\n{"t":1}\n');
    expect(countNewlines(new TextEncoder().encode('\n\nx\n'))).toBe(3);
  });

  it('refuses a body shorter than its Content-Length', async () => {
    await expect(readBody(streamOf(['abc']), 'text/plain', startProgress(10), () => {})).rejects.toThrow(
      /cut off after 3 bytes of 10 bytes/,
    );
  });
});
