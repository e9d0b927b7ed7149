// Byte helpers for checking exports: hashing, hex, and finding ASCII markers in a file's exact bytes.

const ascii = new TextEncoder();

/** toHex spells bytes as lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** sha256Hex is the lowercase hex SHA-256 of bytes. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

/** lastIndexOf finds the last place marker (ASCII) starts in bytes, or -1. */
export function lastIndexOf(bytes: Uint8Array, marker: string, before = bytes.length): number {
  const m = ascii.encode(marker);
  outer: for (let i = Math.min(before, bytes.length) - m.length; i >= 0; i--) {
    for (let j = 0; j < m.length; j++) if (bytes[i + j] !== m[j]) continue outer;
    return i;
  }
  return -1;
}

/** startsWith says whether bytes begin with marker (ASCII). */
export function startsWith(bytes: Uint8Array, marker: string, at = 0): boolean {
  const m = ascii.encode(marker);
  if (bytes.length < at + m.length) return false;
  return m.every((b, j) => bytes[at + j] === b);
}

/** equalBytes compares two byte arrays. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** concat joins byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const encodeText = (text: string) => ascii.encode(text);

/** decodeText reads UTF-8 strictly; null when the bytes are not UTF-8. */
export function decodeText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** encodeBase64 is standard padded base64 of bytes. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
