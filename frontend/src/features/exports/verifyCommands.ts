// The commands that check an export away from Caseward (docs/exports.md), filled in for one file.

/** What was saved: a case export in one of its formats, or the audit log as JSON lines. */
export type VerifiableFormat = 'json' | 'csv' | 'pdf' | 'jsonl';

/** shellQuote quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function keyLine(origin: string, keyId: string): string[] {
  return [
    `curl -s -H "Authorization: Bearer $TOKEN" ${origin}/api/v1/export-keys \\`,
    `  | jq -r '.items[] | select(.id == "${keyId}") | .public_key_pem' > key.pem`,
  ];
}

const opensslVerify = 'openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in manifest.json -sigfile manifest.sig';

/**
 * verifyCommands gives the Caseward command and the standard-tools (openssl, jq) lines for a
 * saved export. CSV and PDF exports are checked with their detached signature file.
 */
export function verifyCommands(format: VerifiableFormat, fileName: string, keyId: string, origin: string) {
  const f = shellQuote(fileName);
  const sig = shellQuote(`${fileName}.signature.json`);
  const intro = '# Caseward reads the public keys from its database; elsewhere add --public-key <base64 from Export keys>';
  if (format === 'csv' || format === 'pdf') {
    return {
      caseward: [
        intro,
        'caseward export verify \\',
        `  --manifest "$(jq -r .manifest_base64 ${sig})" \\`,
        `  --signature "$(jq -r .signature_base64 ${sig})" \\`,
        `  ${f}`,
      ].join('\n'),
      openssl: [
        ...keyLine(origin, keyId),
        `jq -r .manifest_base64 ${sig} | base64 -d > manifest.json`,
        `jq -r .signature_base64 ${sig} | base64 -d > manifest.sig`,
        opensslVerify,
        `jq -r .sha256 manifest.json; sha256sum ${f}    # the two must be equal`,
      ].join('\n'),
    };
  }
  if (format === 'json') {
    return {
      caseward: [intro, `caseward export verify ${f}`].join('\n'),
      openssl: [
        ...keyLine(origin, keyId),
        `jq -cj .manifest ${f} > manifest.json`,
        `jq -r .signature ${f} | base64 -d > manifest.sig`,
        opensslVerify,
        `jq -r .sha256 manifest.json; jq -cj .content ${f} | sha256sum    # the two must be equal`,
      ].join('\n'),
    };
  }
  return {
    caseward: [intro, `caseward export verify ${f}`].join('\n'),
    openssl: [
      ...keyLine(origin, keyId),
      `tail -n 1 ${f} | jq -cj .manifest > manifest.json`,
      `tail -n 1 ${f} | jq -r .signature | base64 -d > manifest.sig`,
      opensslVerify,
      `jq -r .sha256 manifest.json; head -n -1 ${f} | sha256sum    # the two must be equal`,
    ].join('\n'),
  };
}
