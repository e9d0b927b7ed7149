import { describe, expect, it } from 'vitest';

import { caseFilterError, rangeError, readAuditFilters, toExportQuery, writeAuditFilter } from './auditQuery';
import { normalizeReference } from './reference';
import { fileNameFrom } from '../../components/download';
import { shellQuote, verifyCommands } from './verifyCommands';

describe('normalizeReference', () => {
  it('accepts references as typed and returns the canonical form', () => {
    expect(normalizeReference(' inc-2026-7 ')).toBe('INC-2026-0007');
    expect(normalizeReference('INC-2026-0001')).toBe('INC-2026-0001');
    expect(normalizeReference('INC2026-12345')).toBe('INC-2026-12345');
    expect(normalizeReference('INC-26-1')).toBeNull();
    expect(normalizeReference('payroll')).toBeNull();
  });
});

describe('the audit export filters', () => {
  it('share the audit screen URL names and turn a case reference into its id', async () => {
    let search = new URLSearchParams();
    search = writeAuditFilter(search, 'case', 'INC-2026-7');
    search = writeAuditFilter(search, 'entity_type', 'case');
    expect(search.toString()).toBe('case=INC-2026-7&entity=case');
    const filters = readAuditFilters(search);
    const query = await toExportQuery(filters, (ref) =>
      Promise.resolve(ref === 'INC-2026-0007' ? 'case-id-7' : 'nope'),
    );
    expect(query).toEqual({
      action: undefined,
      entity_type: 'case',
      from: undefined,
      to: undefined,
      case_id: 'case-id-7',
    });
  });

  it('say what is wrong with a case or a range', () => {
    expect(caseFilterError('INC-2026-0001')).toBeNull();
    expect(caseFilterError('0190a5f0-0000-7000-8000-0000000000c7')).toBeNull();
    expect(caseFilterError('payroll')).toMatch(/reference/);
    expect(rangeError({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' })).toMatch(/later/);
    expect(rangeError({ from: '2026-03-01T00:00:00.000Z' })).toBeNull();
  });
});

describe('fileNameFrom', () => {
  it('reads the server file name and never lets it name a folder', () => {
    expect(fileNameFrom('attachment; filename="INC-2026-0001-20261129T052736Z.pdf"', 'x')).toBe(
      'INC-2026-0001-20261129T052736Z.pdf',
    );
    expect(fileNameFrom("attachment; filename*=UTF-8''caseward%20audit.jsonl", 'x')).toBe('caseward audit.jsonl');
    expect(fileNameFrom('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd');
    expect(fileNameFrom(null, 'fallback.json')).toBe('fallback.json');
  });
});

describe('verifyCommands', () => {
  it('checks a PDF with its .sig, and asks for no token', () => {
    const c = verifyCommands('pdf', 'INC-2026-0001-1.pdf');
    expect(c.caseward).toBe('caseward export verify INC-2026-0001-1.pdf INC-2026-0001-1.pdf.sig');
    expect(c.openssl).toContain('cat INC-2026-0001-1.pdf.sig | jq -r .manifest_base64 | base64 -d > manifest.json');
    expect(c.openssl).toContain(
      'openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in manifest.json -sigfile manifest.sig',
    );
    expect(c.openssl).toContain('"Export keys"');
    expect(c.openssl).not.toContain('$TOKEN');
    expect(verifyCommands('csv', 'caseward-audit-1.zip').caseward).toBe('caseward export verify caseward-audit-1.zip');
  });

  it('checks a JSON bundle, JSON lines and a CSV zip from the file itself', () => {
    expect(verifyCommands('json', 'a.json').caseward).toBe('caseward export verify a.json');
    expect(verifyCommands('json', 'a.json').openssl).toContain('jq -cj .content a.json | sha256sum');
    expect(verifyCommands('jsonl', 'a.jsonl').openssl).toContain('head -n -1 a.jsonl | sha256sum');
    expect(verifyCommands('csv', 'a.zip').caseward).toBe('caseward export verify a.zip');
    expect(verifyCommands('csv', 'a.zip').openssl).toContain('unzip -p a.zip SIGNATURE.json | jq -r .signature_base64');
  });

  it('quotes file names for the shell', () => {
    expect(shellQuote("it's here.pdf")).toBe(`'it'\\''s here.pdf'`);
    expect(shellQuote('plain-name.pdf')).toBe('plain-name.pdf');
  });
});
