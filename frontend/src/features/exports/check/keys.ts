// The installation's published export keys with their fingerprints, in the one form the checks and the page use.
import type { components } from '../../../api/schema';
import { decodeBase64 } from '../manifest';
import { sha256Hex } from './bytes';

/** An export key as GET /export-keys publishes it. */
export type ApiExportKey = components['schemas']['ExportKey'];

/** PublishedKey is a key this installation publishes: its id, raw bytes and fingerprint. */
export interface PublishedKey {
  id: string;
  publicKey: Uint8Array;
  /** Lowercase hex SHA-256 of the 32 raw key bytes. */
  fingerprint: string;
}

/** keyFingerprint is the lowercase hex SHA-256 of a raw Ed25519 public key. */
export const keyFingerprint = (publicKey: Uint8Array) => sha256Hex(publicKey);

/** publishedKeys turns the API's keys into PublishedKeys, for checking files against. */
export async function publishedKeys(keys: readonly ApiExportKey[]): Promise<PublishedKey[]> {
  // The fingerprint is computed from the key itself, as the CLI does, not taken on trust.
  return Promise.all(
    keys.map(async (k) => {
      const publicKey = decodeBase64(k.public_key);
      return { id: k.id, publicKey, fingerprint: await keyFingerprint(publicKey) };
    }),
  );
}
