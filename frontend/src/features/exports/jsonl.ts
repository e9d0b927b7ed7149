// The last line of a JSON-lines audit export: the chain check over the exported events,
// and the signed manifest over every byte before that line.
import { parseManifest, type ExportManifest } from './manifest';

export interface ChainCheck {
  valid: boolean;
  checked: number;
  first_invalid_seq: number | null;
}

export interface JsonlTrailer {
  chainCheck: ChainCheck;
  manifest: ExportManifest;
  signatureBase64: string;
}

function parseChainCheck(value: unknown): ChainCheck {
  if (typeof value !== 'object' || value === null) throw new Error('the last line has no chain_check');
  const c = value as Record<string, unknown>;
  if (typeof c.valid !== 'boolean' || typeof c.checked !== 'number') throw new Error('the chain_check is incomplete');
  const seq = c.first_invalid_seq;
  if (seq !== null && seq !== undefined && typeof seq !== 'number') throw new Error('first_invalid_seq is not a number');
  return { valid: c.valid, checked: c.checked, first_invalid_seq: typeof seq === 'number' ? seq : null };
}

/** lastLine is the last non-empty line of text (a trailing newline is ignored). */
export function lastLine(text: string): string {
  const trimmed = text.replace(/[\r\n]+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('\n') + 1);
}

/**
 * parseJsonlTrailer reads the signed last line out of the end of a JSON-lines export
 * (the whole text or just its tail). It throws when that line is missing or malformed,
 * which is what a stream cut short looks like: such a file cannot be verified.
 */
export function parseJsonlTrailer(tail: string): JsonlTrailer {
  const line = lastLine(tail);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error('The export does not end with its signed line: it was cut off.');
  }
  if (typeof parsed !== 'object' || parsed === null || !('chain_check' in parsed)) {
    throw new Error('The export does not end with its signed line: it was cut off.');
  }
  const t = parsed as Record<string, unknown>;
  if (typeof t.signature !== 'string' || !t.signature) throw new Error('The last line carries no signature.');
  return { chainCheck: parseChainCheck(t.chain_check), manifest: parseManifest(t.manifest), signatureBase64: t.signature };
}

/** The trailer is a few hundred bytes; this much of the file's end always holds it whole. */
const TAIL_BYTES = 64 * 1024;

/** readTrailer reads the trailer from the end of a downloaded JSON-lines export without decoding the whole file. */
export async function readTrailer(file: Blob): Promise<JsonlTrailer> {
  const tail = await file.slice(Math.max(0, file.size - TAIL_BYTES)).text();
  return parseJsonlTrailer(tail);
}
