// Sizes and hashes as people read them.

const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * formatBytes shows a size in binary units, as the server's limits are given
 * ("1 byte", "512 bytes", "1.5 KiB", "2 GiB"); three significant digits past a KiB.
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  // Trailing zeros say nothing: "2 GiB", not "2.00 GiB".
  const shown = Number(value.toFixed(digits)).toString();
  return `${shown} ${units[unit]}`;
}

const grouped = new Intl.NumberFormat('en-GB');

/** formatExactBytes is the size to the byte ("1,572,864 bytes"), for the record. */
export function formatExactBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  return bytes === 1 ? '1 byte' : `${grouped.format(bytes)} bytes`;
}

/** SHORT_HASH is how many hex digits a hash shows in a table. */
export const SHORT_HASH = 12;

/** shortHash is a hash's first 12 hex digits, followed by an ellipsis. */
export function shortHash(hex: string): string {
  return hex.length <= SHORT_HASH ? hex : `${hex.slice(0, SHORT_HASH)}…`;
}

/** groupHash splits a hash into groups of eight, so a person can compare it with another, aloud. */
export function groupHash(hex: string): string {
  return hex.match(/.{1,8}/g)?.join(' ') ?? hex;
}

/** isSha256Hex tells whether s is a hex SHA-256 (64 hex digits, either case). */
export const isSha256Hex = (s: string): boolean => /^[0-9a-f]{64}$/i.test(s);
