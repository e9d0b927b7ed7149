// Case references as people type them: "inc-2026-7" is INC-2026-0007.

const pattern = /^INC-?(\d{4})-(\d{1,9})$/i;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** normalizeReference returns the canonical INC-YYYY-NNNN form of a typed reference, or null when it is not one. */
export function normalizeReference(input: string): string | null {
  const m = pattern.exec(input.trim());
  if (!m?.[1] || !m[2]) return null;
  return `INC-${m[1]}-${m[2].replace(/^0+(?=\d)/, '').padStart(4, '0')}`;
}

export const isUuid = (value: string) => uuidPattern.test(value.trim());
