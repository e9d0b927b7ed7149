// The commands that check a saved export away from Caseward's server (docs/exports.md), filled in for one file.

/** What was saved: a case export in one of its formats, or the audit log as JSON lines (its CSV is a zip: csv). */
export type VerifiableFormat = 'json' | 'csv' | 'pdf' | 'jsonl';

/** shellQuote quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** hasSigFile says whether the format is saved with a detached `<file>.sig`. */
export const hasSigFile = (format: VerifiableFormat) => format === 'pdf';

const keyPem = '# key.pem: the PEM shown under "Export keys" on the Exports page, saved as a file';
const opensslVerify = 'openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in manifest.json -sigfile manifest.sig';

/** The lines that take the manifest and signature out of the file that carries them. */
function unpack(format: VerifiableFormat, f: string): string[] {
  const fromSigFile = (source: string) => [
    `${source} | jq -r .manifest_base64 | base64 -d > manifest.json`,
    `${source} | jq -r .signature_base64 | base64 -d > manifest.sig`,
  ];
  switch (format) {
    case 'pdf':
      return [
        ...fromSigFile(`cat ${shellQuote(`${f}.sig`)}`),
        `jq -r .sha256 manifest.json; sha256sum ${shellQuote(f)}    # the two must be equal`,
      ];
    case 'csv':
      return [
        ...fromSigFile(`unzip -p ${shellQuote(f)} SIGNATURE.json`),
        `jq -r '.files[] | "\\(.sha256)  \\(.name)"' manifest.json > files.sha256`,
        'jq -r .sha256 manifest.json; sha256sum files.sha256    # the two must be equal',
        `mkdir files && unzip -q ${shellQuote(f)} -x SIGNATURE.json -d files && (cd files && sha256sum -c ../files.sha256)`,
      ];
    case 'json':
      return [
        `jq -cj .manifest ${shellQuote(f)} > manifest.json`,
        `jq -r .signature ${shellQuote(f)} | base64 -d > manifest.sig`,
        `jq -r .sha256 manifest.json; jq -cj .content ${shellQuote(f)} | sha256sum    # the two must be equal`,
      ];
    case 'jsonl':
      return [
        `tail -n 1 ${shellQuote(f)} | jq -cj .manifest > manifest.json`,
        `tail -n 1 ${shellQuote(f)} | jq -r .signature | base64 -d > manifest.sig`,
        `jq -r .sha256 manifest.json; head -n -1 ${shellQuote(f)} | sha256sum    # the two must be equal`,
      ];
  }
}

/**
 * verifyCommands gives the Caseward command (`caseward export verify FILE [FILE.sig]`, which needs no
 * database and no sign-in) and the standard-tools (openssl, jq) lines for a saved export.
 */
export function verifyCommands(format: VerifiableFormat, fileName: string) {
  const f = shellQuote(fileName);
  return {
    caseward: hasSigFile(format)
      ? `caseward export verify ${f} ${shellQuote(`${fileName}.sig`)}`
      : `caseward export verify ${f}`,
    openssl: [
      keyPem,
      ...unpack(format, fileName).slice(0, 2),
      opensslVerify,
      ...unpack(format, fileName).slice(2),
    ].join('\n'),
  };
}
