// RFC 6238 codes for the browser tests, as an authenticator app makes them: HMAC-SHA1 over the 30-second
// step, six digits. The server takes each step's code once (and no step at or before the last one taken).
import { createHmac } from 'node:crypto';

const STEP_SECONDS = 30;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** base32 decodes an RFC 4648 base32 secret (spaces, case and padding ignored). */
export function base32(secret: string): Buffer {
  const clean = secret.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch);
    if (index < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** stepAt is the 30-second step a moment (ms since the epoch) falls in. */
export const stepAt = (ms: number): number => Math.floor(ms / 1000 / STEP_SECONDS);

/** totpAt is the six-digit code of a step. */
export function totpAt(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/**
 * Authenticator is an app holding one secret: each code it gives is of a step after the one it gave last.
 * The server takes a code one step ahead of its clock (a phone's clock a little fast), so the second code
 * in a step is the next step's; only a third waits for the step to turn.
 */
export class Authenticator {
  private last = -1;

  constructor(readonly secret: string) {}

  async code(): Promise<string> {
    let step = stepAt(Date.now());
    while (this.last > step) {
      await new Promise((resolve) => setTimeout(resolve, (step + 1) * STEP_SECONDS * 1000 - Date.now() + 50));
      step = stepAt(Date.now());
    }
    this.last = Math.max(step, this.last + 1);
    return totpAt(this.secret, this.last);
  }
}
