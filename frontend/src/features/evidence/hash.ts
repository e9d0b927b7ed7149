// SHA-256 of a file in the browser, before it is sent, so the server can double-check what it received.

/** MAX_BROWSER_HASH is the largest file hashed in the browser: Web Crypto needs the whole file in memory. */
export const MAX_BROWSER_HASH = 512 * 1024 * 1024;

export type HashOutcome =
  | { status: 'done'; hex: string }
  /** Not hashed here; the server still hashes every byte on arrival. */
  | { status: 'skipped'; reason: string };

/** toHex writes bytes as lowercase hex. */
export function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The part of SubtleCrypto the hash needs (tests pass Node's). */
export type Digest = Pick<SubtleCrypto, 'digest'>;

function browserSubtle(): Digest | null {
  // crypto.subtle exists only in secure contexts (HTTPS, or localhost).
  return typeof crypto !== 'undefined' && crypto.subtle ? crypto.subtle : null;
}

/**
 * sha256File hashes a file with Web Crypto. Files past MAX_BROWSER_HASH, or pages not in a
 * secure context, are skipped with the reason: the upload then relies on the server's hash alone.
 */
export async function sha256File(
  file: Blob,
  options: { subtle?: Digest | null; maxBytes?: number } = {},
): Promise<HashOutcome> {
  const subtle = options.subtle === undefined ? browserSubtle() : options.subtle;
  const maxBytes = options.maxBytes ?? MAX_BROWSER_HASH;
  if (!subtle) {
    return {
      status: 'skipped',
      reason: 'This browser cannot compute SHA-256 here (the page is not served over HTTPS).',
    };
  }
  if (file.size > maxBytes) {
    return { status: 'skipped', reason: 'The file is too large to hash in the browser.' };
  }
  // A view, not the buffer itself: accepted by every Web Crypto, whichever realm made the buffer.
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { status: 'done', hex: toHex(await subtle.digest('SHA-256', bytes)) };
}
