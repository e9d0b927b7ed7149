import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { CASE_ID, sampleCase, userWithRole } from '../../test/signedIn';
import { encodeBase64, sha256Hex } from './check/bytes';
import { auditCsv, auditZip, detachedExport, makeKey, pdfBytes, STAMP, zip } from './check/testExports';
import { ExportMenu } from './ExportMenu';
import { ExportsPage } from './ExportsPage';
import { bytesResponse, captureSaves, renderSignedInAt } from './testing';

const auditor = userWithRole('auditor');
const signingKey = await makeKey('export-1');
const key = signingKey;
const FINGERPRINT = signingKey.published.fingerprint;
const b64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
const SHA = '3f'.repeat(32);
const manifest = {
  kind: 'case',
  format: 'pdf',
  case_id: CASE_ID,
  case_reference: 'INC-2026-0007',
  sha256: SHA,
  exported_at: '2026-11-29T10:00:00Z',
  exporter_id: auditor.id,
  exporter_email: auditor.email,
  caseward_version: 'dev',
  schema_version: 1,
  key_id: 'export-1',
};
const signature = b64('s'.repeat(64));
const pdfResponse = () =>
  bytesResponse('%PDF-1.4 pretend', {
    'Content-Type': 'application/pdf',
    'Content-Disposition': 'attachment; filename="INC-2026-0007-20261129T100000Z.pdf"',
    'X-Caseward-Manifest': b64(JSON.stringify(manifest)),
    'X-Caseward-Signature': signature,
    'X-Caseward-Key-Id': 'export-1',
  });

function exportsServer() {
  return new FakeServer()
    .on('GET /cases', (call) =>
      json(200, {
        items:
          call.query.get('q') === 'INC-2026-0007' ? [sampleCase({ reference: 'INC-2026-0070' }), sampleCase()] : [],
        next_cursor: null,
      }),
    )
    .on('GET /export-keys', () =>
      json(200, {
        items: [
          {
            id: 'export-1',
            fingerprint: FINGERPRINT,
            algorithm: 'Ed25519',
            public_key: encodeBase64(key.published.publicKey),
            public_key_pem: '-----BEGIN PUBLIC KEY-----\nMCowBQ\n-----END PUBLIC KEY-----\n',
            created_at: '2026-01-01T00:00:00Z',
          },
        ],
      }),
    );
}

describe('the exports screen', () => {
  it('finds a case by reference, exports it as PDF under the server name, and offers its signature', async () => {
    const saved = captureSaves();
    const server = exportsServer().on(`GET /cases/${CASE_ID}/export`, pdfResponse);
    const { router } = renderSignedInAt('/exports', <ExportsPage />, server, auditor);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('Case reference'), 'inc-2026-7');
    await user.click(screen.getByRole('button', { name: 'Find' }));
    const match = await screen.findByTestId('case-match');
    expect(router.state.location.search).toBe('?ref=INC-2026-0007');
    expect(match).toHaveTextContent('INC-2026-0007');
    expect(match).toHaveTextContent('Suspicious logins on the payroll portal');

    await user.click(within(match).getByRole('button', { name: 'PDF report' }));
    const result = await screen.findByTestId('export-result');
    expect(server.calls.find((c) => c.path.endsWith('/export'))?.query.get('format')).toBe('pdf');
    await waitFor(() =>
      expect(saved.map((f) => f.name)).toEqual([
        'INC-2026-0007-20261129T100000Z.pdf',
        'INC-2026-0007-20261129T100000Z.pdf.sig',
      ]),
    );
    expect(await saved[0]?.blob.text()).toBe('%PDF-1.4 pretend');
    expect(within(result).getByText('export-1')).toBeInTheDocument();
    expect(within(result).getByText(auditor.email)).toBeInTheDocument();
    expect(within(result).getByTestId('export-sha256')).toHaveTextContent(`${SHA.slice(0, 12)}…`);

    // The .sig follows the PDF with no click; this server sends no fingerprint header, so it is the published key's.
    expect(saved[1]?.name).toBe('INC-2026-0007-20261129T100000Z.pdf.sig');
    expect(await saved[1]?.blob.text()).toBe(
      `${JSON.stringify({ manifest_base64: b64(JSON.stringify(manifest)), signature_base64: signature, key_id: 'export-1', key_fingerprint: FINGERPRINT })}\n`,
    );
    expect(result).toHaveTextContent('INC-2026-0007-20261129T100000Z.pdf.sig');
    expect(within(result).queryByRole('button', { name: 'Save signature' })).not.toBeInTheDocument();
    expect(within(result).getByTestId('export-fingerprint')).toHaveTextContent(`${FINGERPRINT.slice(0, 12)}…`);

    await user.click(within(result).getByRole('button', { name: 'How to verify' }));
    const hint = await within(result).findByTestId('verify-hint');
    expect(hint).toHaveTextContent(
      'caseward export verify INC-2026-0007-20261129T100000Z.pdf INC-2026-0007-20261129T100000Z.pdf.sig',
    );
    expect(hint).not.toHaveTextContent('$TOKEN');
  });

  it("writes the server's fingerprint header into the .sig", async () => {
    const saved = captureSaves();
    const server = exportsServer().on(`GET /cases/${CASE_ID}/export`, () => {
      const r = pdfResponse();
      r.headers.set('X-Caseward-Key-Fingerprint', 'ab'.repeat(32));
      return r;
    });
    renderSignedInAt('/exports?ref=INC-2026-0007', <ExportsPage />, server, auditor);
    const user = userEvent.setup();
    await user.click(within(await screen.findByTestId('case-match')).getByRole('button', { name: 'PDF report' }));
    await screen.findByTestId('export-result');
    expect(JSON.parse((await saved[1]?.blob.text()) ?? '')).toMatchObject({ key_fingerprint: 'ab'.repeat(32) });
  });

  it('saves no .sig beside a JSON bundle, which carries its signature', async () => {
    const saved = captureSaves();
    const server = exportsServer().on(`GET /cases/${CASE_ID}/export`, () =>
      bytesResponse('{"content":{}}', {
        'Content-Type': 'application/json',
        'Content-Disposition': 'attachment; filename="INC-2026-0007-20261129T100000Z.json"',
        'X-Caseward-Manifest': b64(JSON.stringify({ ...manifest, format: 'json' })),
        'X-Caseward-Signature': signature,
      }),
    );
    renderSignedInAt('/exports?ref=INC-2026-0007', <ExportsPage />, server, auditor);
    const user = userEvent.setup();
    await user.click(within(await screen.findByTestId('case-match')).getByRole('button', { name: 'JSON bundle' }));
    await screen.findByTestId('export-result');
    expect(saved.map((f) => f.name)).toEqual(['INC-2026-0007-20261129T100000Z.json']);
  });

  it('says so when no case has the reference', async () => {
    renderSignedInAt('/exports?ref=INC-2026-0099', <ExportsPage />, exportsServer(), auditor);
    expect(await screen.findByText('No case INC-2026-0099')).toBeInTheDocument();
  });

  it('streams the audit log as JSON lines with the filters and shows a broken chain plainly', async () => {
    const saved = captureSaves();
    const chainLine = { chain_check: { valid: false, checked: 1, first_invalid_seq: 2 } };
    const last = { manifest: { ...manifest, kind: 'audit', format: 'jsonl' }, signature };
    const body = `{"seq":1}\n{"seq":2}\n${JSON.stringify(chainLine)}\n${JSON.stringify(last)}\n`;
    const server = exportsServer().on(
      'GET /audit/export',
      () =>
        new Response(body, {
          headers: {
            'Content-Type': 'application/x-ndjson',
            'Content-Disposition': 'attachment; filename="caseward-audit-1.jsonl"',
          },
        }),
    );
    renderSignedInAt('/exports?action=case.update&case=INC-2026-0007', <ExportsPage />, server, auditor);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Export audit log' }));
    const check = await screen.findByTestId('chain-check');
    expect(check).toHaveTextContent('Chain invalid at seq 2');
    const call = server.calls.find((c) => c.path === '/audit/export');
    expect(call?.query.get('format')).toBe('jsonl');
    expect(call?.query.get('action')).toBe('case.update');
    expect(call?.query.get('case_id')).toBe(CASE_ID);
    expect(saved.map((f) => f.name)).toEqual(['caseward-audit-1.jsonl']);
  });

  it('saves the audit CSV as one zip, no .sig, and shows the chain check and key its SIGNATURE.json signs', async () => {
    const saved = captureSaves();
    const body = await auditZip(signingKey);
    const server = exportsServer().on(
      'GET /audit/export',
      () =>
        new Response(body as Uint8Array<ArrayBuffer>, {
          headers: {
            'Content-Type': 'application/zip',
            'Content-Disposition': 'attachment; filename="caseward-audit-20261205T090000Z.zip"',
          },
        }),
    );
    renderSignedInAt('/exports', <ExportsPage />, server, auditor);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: 'CSV' }));
    await user.click(await screen.findByRole('button', { name: 'Export audit log' }));
    const result = await screen.findByTestId('export-result');
    expect(result).toHaveTextContent(/caseward-audit-20261205T090000Z\.zip \([\d.]+ KB\) is in your downloads/);
    expect(result).toHaveTextContent('The signature is inside the file.');
    // No separate signature file is named (the openssl recipe's own manifest.sig is a file it writes).
    expect(result).not.toHaveTextContent(/\.zip\.sig|\.csv\.sig|\.jsonl\.sig/);
    expect(within(result).getByTestId('chain-check')).toHaveTextContent('Chain valid with 2 events');
    expect(within(result).getByTestId('export-fingerprint')).toHaveAttribute('title', FINGERPRINT);
    expect(saved.map((f) => f.name)).toEqual(['caseward-audit-20261205T090000Z.zip']);
    expect(server.calls.find((c) => c.path === '/audit/export')?.query.get('format')).toBe('csv');
  });

  it('saves no audit CSV zip that lacks its SIGNATURE.json, and says it was cut off', async () => {
    const saved = captureSaves();
    const cut = zip([['audit_events.csv', auditCsv]]);
    const server = exportsServer().on(
      'GET /audit/export',
      () => new Response(cut as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'application/zip' } }),
    );
    renderSignedInAt('/exports', <ExportsPage />, server, auditor);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: 'CSV' }));
    await user.click(await screen.findByRole('button', { name: 'Export audit log' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('cut off');
    expect(alert).toHaveTextContent('Nothing was saved');
    expect(saved).toEqual([]);
  });

  it('saves no audit export that lacks its signed last lines, and says it was cut off', async () => {
    const saved = captureSaves();
    const server = exportsServer().on(
      'GET /audit/export',
      () => new Response('{"seq":1}\n{"seq":2}\n', { headers: { 'Content-Type': 'application/x-ndjson' } }),
    );
    renderSignedInAt('/exports', <ExportsPage />, server, auditor);
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Export audit log' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('cut off');
    expect(alert).toHaveTextContent('Nothing was saved');
    expect(saved).toEqual([]);
  });

  it('lists the export keys with their fingerprint and PEM', async () => {
    renderSignedInAt('/exports', <ExportsPage />, exportsServer(), auditor);
    const key = await screen.findByTestId('export-key');
    expect(key).toHaveTextContent('export-1');
    expect(await within(key).findByTestId('export-key-fingerprint')).toHaveTextContent(FINGERPRINT);
    expect(FINGERPRINT).toBe(await sha256Hex(signingKey.published.publicKey));
    expect(key).toHaveTextContent('BEGIN PUBLIC KEY');
    expect(within(key).getByRole('button', { name: 'Copy the PEM of export-1' })).toBeInTheDocument();
  });
});

describe('Check a file I received', () => {
  const pdfName = `INC-2026-0001-${STAMP}.pdf`;
  const check = async (files: File[], server = exportsServer()) => {
    renderSignedInAt('/exports', <ExportsPage />, server, auditor);
    const user = userEvent.setup();
    const input = await screen.findByLabelText('Files to check');
    await waitFor(() => expect(screen.getByRole('button', { name: /Choose files/ })).toBeEnabled());
    await user.upload(input, files);
    return screen.findAllByTestId('check-verdict');
  };

  it('says a PDF and its .sig are valid, by whom, when and with which key, without uploading them', async () => {
    const pdf = await detachedExport(key, pdfBytes(), { format: 'pdf' });
    const server = exportsServer();
    const verdicts = await check(
      [
        new File([pdf.body as Uint8Array<ArrayBuffer>], pdfName),
        new File([pdf.sig as Uint8Array<ArrayBuffer>], `${pdfName}.sig`),
      ],
      server,
    );
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toHaveTextContent(
      `Valid: case export (PDF) of INC-2026-0001, made 5 Dec 2026 09:00 UTC by Ann Smith, signed with this installation's key export-1 (fingerprint ${FINGERPRINT}).`,
    );
    // Only reads and the session refresh went to the server: the files stayed in the browser.
    expect(server.calls.filter((c) => c.method !== 'GET' && c.path !== '/auth/refresh')).toEqual([]);
  });

  it('says when a file was changed, and when it is no Caseward export', async () => {
    const pdf = await detachedExport(key, pdfBytes(), { format: 'pdf' });
    const verdicts = await check([
      new File([pdfBytes('changed')], pdfName),
      new File([pdf.sig as Uint8Array<ArrayBuffer>], `${pdfName}.sig`),
      new File(['hello'], 'notes.txt'),
    ]);
    expect(verdicts[0]).toHaveTextContent(
      'Not valid: the file was changed after it was signed (its SHA-256 does not match).',
    );
    expect(verdicts[1]).toHaveTextContent('Not a Caseward export.');
  });
});

describe('ExportMenu', () => {
  it('exports from the menu and shows the signature in a dialog', async () => {
    const saved = captureSaves();
    const server = exportsServer().on(`GET /cases/${CASE_ID}/export`, pdfResponse);
    renderSignedInAt('/cases/x', <ExportMenu caseId={CASE_ID} reference="INC-2026-0007" />, server, auditor);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: /PDF report(?!.*TLP:RED)/, hidden: true }));
    const dialog = await screen.findByRole('dialog', { name: 'Export INC-2026-0007' });
    expect(await within(dialog).findByTestId('export-result')).toHaveTextContent('INC-2026-0007-20261129T100000Z.pdf');
    expect(saved.map((f) => f.name)).toEqual([
      'INC-2026-0007-20261129T100000Z.pdf',
      'INC-2026-0007-20261129T100000Z.pdf.sig',
    ]);
  });

  it('leaves TLP:RED observables out unless the "with TLP:RED" entry is chosen, and says how many', async () => {
    captureSaves();
    const asked: (string | null)[] = [];
    const server = exportsServer().on(`GET /cases/${CASE_ID}/export`, (call) => {
      const red = call.query.get('include_red');
      asked.push(red);
      const r = pdfResponse();
      r.headers.set('X-Caseward-Withheld', red === 'true' ? '0' : '2');
      return r;
    });
    renderSignedInAt('/cases/x', <ExportMenu caseId={CASE_ID} reference="INC-2026-0007" />, server, auditor);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Export' }));
    expect(await screen.findByText('TLP:RED observables included (recorded in the audit log)')).toBeInTheDocument();
    await user.click(await screen.findByRole('menuitem', { name: /PDF report(?!.*TLP:RED)/, hidden: true }));
    const dialog = await screen.findByRole('dialog', { name: 'Export INC-2026-0007' });
    const result = await within(dialog).findByTestId('export-result');
    expect(result).toHaveTextContent('2 TLP:RED observables were left out.');
    expect(result).not.toHaveTextContent('TLP:RED observables are included');
    expect(asked).toEqual(['false']);

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: 'PDF report, with TLP:RED', hidden: true }));
    await waitFor(() => expect(asked).toEqual(['false', 'true']));
    const again = await within(await screen.findByRole('dialog', { name: 'Export INC-2026-0007' })).findByTestId(
      'export-result',
    );
    await waitFor(() => expect(again).toHaveTextContent('TLP:RED observables are included'));
    expect(again).not.toHaveTextContent('left out');
  });

  it('says plainly when the case is not there for this user', async () => {
    captureSaves();
    const server = new FakeServer().on(`GET /cases/${CASE_ID}/export`, () => problem(404, 'Not Found'));
    renderSignedInAt('/cases/x', <ExportMenu caseId={CASE_ID} reference="INC-2026-0007" />, server, auditor);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: /JSON bundle(?!.*TLP:RED)/, hidden: true }));
    expect(await screen.findByRole('alert')).toHaveTextContent('not found, or you may not see it');
  });

  it('is not offered to a department head', async () => {
    renderSignedInAt(
      '/cases/x',
      <ExportMenu caseId={CASE_ID} reference="INC-2026-0007" />,
      new FakeServer(),
      userWithRole('department_head'),
    );
    await waitFor(() => expect(screen.queryByText('login')).not.toBeInTheDocument());
    expect(screen.queryByRole('button', { name: 'Export' })).not.toBeInTheDocument();
  });
});
