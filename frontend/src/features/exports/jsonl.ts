// The last two lines of a JSON-lines audit export: the chain check over the exported events,
// then the manifest (whose sha256 covers every line before it, the chain check too, and which
// carries the same chain check from schema_version 3) and its signature.
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
  if (typeof value !== 'object' || value === null) throw new Error('the line before the signature has no chain_check');
  const c = value as Record<string, unknown>;
  if (typeof c.valid !== 'boolean' || typeof c.checked !== 'number') throw new Error('the chain_check is incomplete');
  const seq = c.first_invalid_seq;
  if (seq !== null && seq !== undefined && typeof seq !== 'number')
    throw new Error('first_invalid_seq is not a number');
  return { valid: c.valid, checked: c.checked, first_invalid_seq: typeof seq === 'number' ? seq : null };
}

/** lastLine is the last non-empty line of text (a trailing newline is ignored). */
export function lastLine(text: string): string {
  const trimmed = text.replace(/[\r\n]+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('\n') + 1);
}

function parseLine(line: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const cutOff = 'The export does not end with its signed lines: it was cut off.';

/**
 * parseJsonlTrailer reads the chain check line and the signed last line out of the end of a
 * JSON-lines export (the whole text or just its tail). It throws when they are missing or
 * malformed, which is what a stream cut short looks like: such a file cannot be verified.
 */
export function parseJsonlTrailer(tail: string): JsonlTrailer {
  const trimmed = tail.replace(/[\r\n]+$/, '');
  const cut = trimmed.lastIndexOf('\n');
  const last = parseLine(trimmed.slice(cut + 1));
  if (!last || !('manifest' in last)) throw new Error(cutOff);
  if ('chain_check' in last)
    throw new Error('The export is in the old format, whose chain check is not signed: export it again.');
  if (typeof last.signature !== 'string' || !last.signature) throw new Error('The last line carries no signature.');
  const check = cut < 0 ? null : parseLine(lastLine(trimmed.slice(0, cut)));
  if (!check || !('chain_check' in check)) throw new Error(cutOff);
  const chainCheck = parseChainCheck(check.chain_check);
  const signed = parseManifest(last.manifest);
  // From schema_version 3 the manifest carries the chain check too: both must say the same.
  if (signed.chain_check && !sameCheck(parseChainCheck(signed.chain_check), chainCheck)) {
    throw new Error('The chain check line and the signed manifest disagree: the file is not as Caseward wrote it.');
  }
  return { chainCheck, manifest: signed, signatureBase64: last.signature };
}

const sameCheck = (a: ChainCheck, b: ChainCheck) =>
  a.valid === b.valid && a.checked === b.checked && a.first_invalid_seq === b.first_invalid_seq;

/** The two last lines are a few hundred bytes; this much of the file's end always holds them whole. */
const TAIL_BYTES = 64 * 1024;

/** readTrailer reads the trailer from the end of a downloaded JSON-lines export without decoding the whole file. */
export async function readTrailer(file: Blob): Promise<JsonlTrailer> {
  const tail = await file.slice(Math.max(0, file.size - TAIL_BYTES)).text();
  return parseJsonlTrailer(tail);
}
