import { describe, expect, it } from 'vitest';

import { parseManifestHeader, readSignature, signatureFileContent, signatureFileName } from './manifest';

const manifest = {
  kind: 'case',
  format: 'pdf',
  case_id: '0190a5f0-0000-7000-8000-0000000000c7',
  case_reference: 'INC-2026-0007',
  sha256: 'ab'.repeat(32),
  exported_at: '2026-11-29T10:00:00Z',
  exporter_id: '0190a5f0-0000-7000-8000-000000000001',
  exporter_email: 'aurélie@example.org',
  caseward_version: 'dev',
  schema_version: 1,
  key_id: 'export-1',
};

/** base64 of bytes, and of text's UTF-8 bytes, as the server encodes the manifest. */
const b64bytes = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const b64 = (text: string) => b64bytes(new TextEncoder().encode(text));
const manifestHeader = (m: object = manifest) => b64(JSON.stringify(m));
const signatureB64 = b64bytes(new Uint8Array(64).fill(7));

describe('parseManifestHeader', () => {
  it('decodes base64 of UTF-8 JSON, keeping non-ASCII text intact', () => {
    expect(parseManifestHeader(manifestHeader())).toEqual(manifest);
  });

  it('refuses what is not a manifest', () => {
    expect(() => parseManifestHeader('%%%')).toThrow(/not base64/);
    expect(() => parseManifestHeader(b64('not json'))).toThrow(/does not hold JSON/);
    expect(() => parseManifestHeader(b64('[1]'))).toThrow(/not a JSON object/);
    expect(() => parseManifestHeader(manifestHeader({ ...manifest, sha256: 'xyz' }))).toThrow(/sha256/);
    expect(() => parseManifestHeader(manifestHeader({ ...manifest, key_id: undefined }))).toThrow(/no key_id/);
    expect(() => parseManifestHeader(manifestHeader({ ...manifest, kind: 'other' }))).toThrow(/kind/);
  });
});

describe('readSignature', () => {
  const headers = (extra: Record<string, string>) => new Headers(extra);

  it('reads the manifest, signature and key id headers', () => {
    const sig = readSignature(
      headers({
        'X-Caseward-Manifest': manifestHeader(),
        'X-Caseward-Signature': signatureB64,
        'X-Caseward-Key-Id': 'export-1',
      }),
    );
    expect(sig).toEqual({
      manifest,
      manifestBase64: manifestHeader(),
      signatureBase64: signatureB64,
      keyId: 'export-1',
      keyFingerprint: null,
    });
  });

  it('is null without headers, and refuses half a signature or a mismatched key id', () => {
    expect(readSignature(headers({}))).toBeNull();
    expect(() => readSignature(headers({ 'X-Caseward-Manifest': manifestHeader() }))).toThrow(/half/);
    expect(() =>
      readSignature(headers({ 'X-Caseward-Manifest': manifestHeader(), 'X-Caseward-Signature': b64('short') })),
    ).toThrow(/Ed25519/);
    expect(() =>
      readSignature(
        headers({
          'X-Caseward-Manifest': manifestHeader(),
          'X-Caseward-Signature': signatureB64,
          'X-Caseward-Key-Id': 'export-2',
        }),
      ),
    ).toThrow(/differs/);
  });
});

describe('the signature file', () => {
  it('is one line of four members and a newline, named <file>.sig', () => {
    const sig = readSignature(
      new Headers({
        'X-Caseward-Manifest': manifestHeader(),
        'X-Caseward-Signature': signatureB64,
        'X-Caseward-Key-Fingerprint': 'AB'.repeat(32),
      }),
    );
    expect(sig?.keyId).toBe('export-1');
    expect(sig?.keyFingerprint).toBe('ab'.repeat(32));
    const text = signatureFileContent({ ...sig!, keyFingerprint: 'ab'.repeat(32) });
    expect(text).toBe(
      `{"manifest_base64":"${manifestHeader()}","signature_base64":"${signatureB64}","key_id":"export-1","key_fingerprint":"${'ab'.repeat(32)}"}\n`,
    );
    expect(signatureFileName('INC-2026-0007-20261129T100000Z.pdf')).toBe('INC-2026-0007-20261129T100000Z.pdf.sig');
  });

  it("takes the manifest's fingerprint when no header carries one, and refuses a header that differs from it", () => {
    const v4 = manifestHeader({ ...manifest, schema_version: 4, key_fingerprint: 'cd'.repeat(32) });
    expect(
      readSignature(new Headers({ 'X-Caseward-Manifest': v4, 'X-Caseward-Signature': signatureB64 }))?.keyFingerprint,
    ).toBe('cd'.repeat(32));
    expect(
      readSignature(new Headers({ 'X-Caseward-Manifest': manifestHeader(), 'X-Caseward-Signature': signatureB64 }))
        ?.keyFingerprint,
    ).toBeNull();
    expect(() =>
      readSignature(
        new Headers({
          'X-Caseward-Manifest': v4,
          'X-Caseward-Signature': signatureB64,
          'X-Caseward-Key-Fingerprint': 'ef'.repeat(32),
        }),
      ),
    ).toThrow(/fingerprint/);
  });
});
