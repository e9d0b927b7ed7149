// How far a download has come: bytes counted as the body streams in, against Content-Length when the server sends one.

export interface DownloadProgress {
  /** Bytes received so far. */
  received: number;
  /** Bytes expected, from Content-Length; null when unknown (a streamed export). */
  total: number | null;
  /** Lines received so far (JSON lines: one per event, the signed trailer last). */
  lines: number;
}

export const startProgress = (total: number | null): DownloadProgress => ({ received: 0, total, lines: 0 });

/**
 * expectedLength reads the size to count against: Content-Length, unless the body is
 * content-encoded (the header then counts compressed bytes, the stream decoded ones).
 */
export function expectedLength(headers: Headers): number | null {
  if (headers.get('Content-Encoding')) return null;
  const raw = headers.get('Content-Length')?.trim();
  if (!raw || !/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** progressPercent is the share received, 0–100, rounded down; null when the size is unknown (indeterminate). */
export function progressPercent({ received, total }: DownloadProgress): number | null {
  if (total === null || total <= 0) return null;
  return Math.max(0, Math.min(100, Math.floor((received / total) * 100)));
}

const units = ['KB', 'MB', 'GB', 'TB'];

/** formatBytes shows a size in decimal units: "512 bytes", "1.5 KB", "23 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : Number(value.toPrecision(3))} ${units[unit]}`;
}

/** progressLabel says how far a download is, in words: "45% · 1.2 MB of 2.7 MB", or what arrived so far. */
export function progressLabel(p: DownloadProgress, unit?: [string, string]): string {
  const percent = progressPercent(p);
  const parts: string[] = [];
  if (percent !== null && p.total !== null)
    parts.push(`${percent}%`, `${formatBytes(p.received)} of ${formatBytes(p.total)}`);
  else parts.push(`${formatBytes(p.received)} received`);
  if (unit) parts.push(`${p.lines.toLocaleString('en')} ${p.lines === 1 ? unit[0] : unit[1]}`);
  return parts.join(' · ');
}

/** countNewlines counts the line feeds in a chunk. */
export function countNewlines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x0a) n++;
  return n;
}

/**
 * readBody reads a response body chunk by chunk, reporting progress after each, and returns
 * the bytes as a Blob of type. A body that ends early (aborted or cut) rejects.
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  type: string,
  start: DownloadProgress,
  onProgress: (p: DownloadProgress) => void,
): Promise<Blob> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let progress = start;
  onProgress(progress);
  if (!body) return new Blob([], { type });
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // fetch's chunks sit on plain ArrayBuffers; the cast only narrows the DOM typing.
    chunks.push(value as Uint8Array<ArrayBuffer>);
    progress = {
      ...progress,
      received: progress.received + value.length,
      lines: progress.lines + countNewlines(value),
    };
    onProgress(progress);
  }
  if (progress.total !== null && progress.received < progress.total) {
    throw new Error(
      `The download was cut off after ${formatBytes(progress.received)} of ${formatBytes(progress.total)}.`,
    );
  }
  return new Blob(chunks, { type });
}
