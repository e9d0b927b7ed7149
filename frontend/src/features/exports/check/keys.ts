// The installation's published export keys with their fingerprints, in the one form the checks and the page use.
import type { components } from '../../../api/schema';
import { decodeBase64 } from '../manifest';
import { sha256Hex } from './bytes';

/** An export key as GET /export-keys publishes it; `fingerprint` is sent from schema_version 4 on. */
export type ApiExportKey = components['schemas']['ExportKey'] & { fingerprint?: string };

/** PublishedKey is a key this installation publishes: its id, raw bytes and fingerprint. */
export interface PublishedKey {
  id: string;
  publicKey: Uint8Array;
  /** Lowercase hex SHA-256 of the 32 raw key bytes. */
  fingerprint: string;
}

/** keyFingerprint is the lowercase hex SHA-256 of a raw Ed25519 public key. */
export const keyFingerprint = (publicKey: Uint8Array) => sha256Hex(publicKey);

/**
 * fingerprintOf is a published key's fingerprint: the server's when it sends one, else computed here
 * from the raw key. The one place to change when every server sends it.
 */
export async function fingerprintOf(k: ApiExportKey): Promise<string> {
  return k.fingerprint ?? keyFingerprint(decodeBase64(k.public_key));
}

/** withFingerprints gives each of the API's keys its fingerprint, for showing them. */
export async function withFingerprints(keys: readonly ApiExportKey[]): Promise<(ApiExportKey & { fingerprint: string })[]> {
  return Promise.all(keys.map(async (k) => ({ ...k, fingerprint: await fingerprintOf(k) })));
}

/** publishedKeys turns the API's keys into PublishedKeys, for checking files against. */
export async function publishedKeys(keys: readonly ApiExportKey[]): Promise<PublishedKey[]> {
  return Promise.all(keys.map(async (k) => ({ id: k.id, publicKey: decodeBase64(k.public_key), fingerprint: await fingerprintOf(k) })));
}
