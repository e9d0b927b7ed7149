import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem, testUser } from '../../test/fakeServer';
import { EvidenceTab } from './EvidenceTab';
import { ABC_SHA256, CASE_ID, custodyEvent, evidence, EVIDENCE_ID, renderSignedIn } from './testing';
import type { Evidence } from './types';

const LIST = `GET /cases/${CASE_ID}/evidence`;
const CUSTODY = `GET /evidence/${EVIDENCE_ID}/custody`;
const OPEN = `/cases/${CASE_ID}?evidence=${EVIDENCE_ID}`;

const auditor = {
  ...testUser,
  id: '0190a5f0-0000-7000-8000-0000000000a9',
  role: 'auditor' as const,
  name: 'Ida Auditor',
};

function serverWith(items: Evidence[]) {
  return new FakeServer()
    .on(LIST, () => json(200, { items }))
    .on(CUSTODY, () =>
      json(200, {
        items: [
          custodyEvent(),
          custodyEvent({
            id: 'e2',
            action: 'transferred',
            from_party: 'J. Smith (SOC)',
            to_party: 'Forensics lab, locker 4',
            location: 'Leeds',
            purpose: 'imaging',
            occurred_at: '2026-07-15T13:05:09Z',
            time_zone: 'Europe/Berlin',
            note: 'Sealed bag 0042',
          }),
        ],
      }),
    );
}

describe('EvidenceTab', { timeout: 20_000 }, () => {
  it('shows a loading state, then the items with kind, size, short hash and verification', async () => {
    renderSignedIn(
      <EvidenceTab caseId={CASE_ID} canEdit canDownload />,
      serverWith([
        evidence(),
        evidence({
          id: 'x2',
          title: 'Disk of laptop 12',
          kind: 'disk_image',
          last_verified_ok: false,
          last_verified_at: '2026-03-02T10:00:00Z',
        }),
        evidence({
          id: 'x3',
          title: 'Laptop in bag 12',
          kind: 'other',
          file_name: null,
          file_size: null,
          sha256: null,
          content_type: null,
        }),
      ]),
    );
    expect(screen.getByRole('status', { name: 'Loading the evidence' })).toBeInTheDocument();

    const rows = await screen.findAllByTestId('evidence-row');
    expect(rows).toHaveLength(3);
    const [first, second, third] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(first).toHaveTextContent('Log');
    expect(first).toHaveTextContent('Firewall log');
    expect(first).toHaveTextContent('1.5 KiB');
    expect(within(first).getByTestId('evidence-hash')).toHaveTextContent('ba7816bf8f01…');
    expect(within(first).getByRole('button', { name: 'Copy the full SHA-256' })).toBeInTheDocument();
    expect(first).toHaveTextContent(`${testUser.name} (you)`);
    expect(first).toHaveTextContent('Never verified');
    expect(second).toHaveTextContent('Disk image');
    expect(second).toHaveTextContent('Mismatch');
    expect(third).toHaveTextContent('No file');
  });

  it('says when there is no evidence yet, and offers to add some only to editors', async () => {
    renderSignedIn(<EvidenceTab caseId={CASE_ID} canEdit canDownload />, serverWith([]));
    expect(await screen.findByText('No evidence yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add evidence' })).toBeInTheDocument();
  });

  it('offers no writes to a reader', async () => {
    renderSignedIn(<EvidenceTab caseId={CASE_ID} canEdit={false} canDownload={false} />, serverWith([]));
    expect(await screen.findByText('No evidence yet')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add evidence' })).toBeNull();
  });

  it('shows a load error with a retry', async () => {
    const server = new FakeServer().on(LIST, () =>
      problem(500, 'Internal Server Error', { detail: 'The server failed.' }),
    );
    renderSignedIn(<EvidenceTab caseId={CASE_ID} canEdit canDownload />, server);
    expect(await screen.findByText('The evidence could not be loaded')).toBeInTheDocument();
    expect(screen.getByText('The server failed.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('opens an item with its full hash and chain of custody in the recorder’s zone and UTC', async () => {
    const user = userEvent.setup();
    const { router } = renderSignedIn(<EvidenceTab caseId={CASE_ID} canEdit canDownload />, serverWith([evidence()]), {
      path: `/cases/${CASE_ID}`,
    });
    await user.click(await screen.findByRole('button', { name: 'Firewall log' }));

    const drawer = await screen.findByRole('dialog', { name: 'Firewall log' });
    expect(router.state.location.search).toBe(`?evidence=${EVIDENCE_ID}`);
    expect(within(drawer).getByTestId('evidence-full-hash')).toHaveTextContent(ABC_SHA256);
    expect(drawer).toHaveTextContent('1,536 bytes');
    const events = await within(drawer).findAllByTestId('custody-event');
    expect(events).toHaveLength(2);
    const transfer = events[1]!;
    expect(transfer).toHaveTextContent('J. Smith (SOC) → Forensics lab, locker 4');
    expect(transfer).toHaveTextContent('Location: Leeds');
    expect(transfer).toHaveTextContent('Purpose: imaging');
    expect(transfer).toHaveTextContent('2026-07-15 15:05:09 Europe/Berlin (UTC+02:00)');
    expect(transfer).toHaveTextContent('2026-07-15 13:05:09 UTC');
    expect(transfer).toHaveTextContent('Sealed bag 0042');
    expect(transfer).toHaveTextContent(`Recorded by ${testUser.name} (you)`);
    expect(within(drawer).getByRole('button', { name: 'Download' })).toBeInTheDocument();
    expect(within(drawer).getByRole('button', { name: 'Verify integrity' })).toBeInTheDocument();
  });

  it('shows a verification result plainly, a mismatch in red', async () => {
    const server = serverWith([evidence()]).on(`POST /evidence/${EVIDENCE_ID}/verify`, () =>
      json(200, {
        ok: false,
        expected_sha256: ABC_SHA256,
        actual_sha256: 'f'.repeat(64),
        verified_at: '2026-03-02T10:00:00Z',
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<EvidenceTab caseId={CASE_ID} canEdit canDownload />, server, { path: OPEN });
    const drawer = await screen.findByRole('dialog', { name: 'Firewall log' });
    await user.click(within(drawer).getByRole('button', { name: 'Verify integrity' }));

    const result = await within(drawer).findByTestId('verify-result');
    expect(result).toHaveTextContent('MISMATCH: the stored file is not the one received');
    expect(result).toHaveTextContent(`Found: ${'f'.repeat(64)}`);
    await waitFor(() => expect(server.count(CUSTODY)).toBeGreaterThan(1)); // the check is in the chain now
  });

  it('hides download from those who may not and verify from readers', async () => {
    const departmentHead = { ...auditor, role: 'department_head' as const };
    renderSignedIn(<EvidenceTab caseId={CASE_ID} canEdit={false} canDownload={false} />, serverWith([evidence()]), {
      path: OPEN,
      user: departmentHead,
    });
    const drawer = await screen.findByRole('dialog', { name: 'Firewall log' });
    await within(drawer).findAllByTestId('custody-event');
    expect(within(drawer).queryByRole('button', { name: 'Download' })).toBeNull();
    expect(within(drawer).queryByRole('button', { name: 'Verify integrity' })).toBeNull();
    expect(within(drawer).queryByRole('button', { name: 'Record hand-over' })).toBeNull();
    // Not an administrator and not the collector: named by the email Caseward recorded at collection.
    expect(within(drawer).getAllByText(testUser.email).length).toBeGreaterThan(0);
  });

  it('records a hand-over in the browser’s zone, refusing a transfer without both parties', async () => {
    const server = serverWith([evidence()]).on(`POST /evidence/${EVIDENCE_ID}/custody`, (call) =>
      (call.body as { to_party?: string }).to_party
        ? json(201, custodyEvent({ ...(call.body as object), id: 'e3' }))
        : problem(422, 'Unprocessable Entity', {
            errors: [{ field: 'to_party', message: 'Received by is required for a transfer.', label: 'Received by' }],
          }),
    );
    const user = userEvent.setup();
    renderSignedIn(<EvidenceTab caseId={CASE_ID} canEdit canDownload />, server, { path: OPEN });
    const drawer = await screen.findByRole('dialog', { name: 'Firewall log' });
    await user.click(within(drawer).getByRole('button', { name: 'Record hand-over' }));
    const form = within(drawer).getByRole('form', { name: 'Record hand-over' });
    expect(within(form).getByRole('combobox', { name: 'Time zone' })).toHaveValue(
      Intl.DateTimeFormat().resolvedOptions().timeZone,
    );

    await user.type(within(form).getByRole('textbox', { name: 'From' }), 'J. Smith');
    await user.click(within(form).getByRole('button', { name: 'Record hand-over' }));
    // The server's refusal names the field as the form does, and nothing is recorded.
    const to = within(form).getByRole('textbox', { name: 'To' });
    await waitFor(() =>
      expect(to).toHaveAccessibleDescription(expect.stringContaining('To is required for a transfer.')),
    );
    await waitFor(() => expect(to).toHaveFocus());
    expect(within(form).getByRole('alert')).toHaveTextContent('1 field needs attention.');
    expect(server.count(`POST /evidence/${EVIDENCE_ID}/custody`)).toBe(1);

    await user.type(to, 'Lab');
    await user.click(within(form).getByRole('button', { name: 'Record hand-over' }));
    await waitFor(() => expect(server.count(`POST /evidence/${EVIDENCE_ID}/custody`)).toBe(2));
    const body = server.calls.filter((c) => c.method === 'POST')[1]?.body as Record<string, string>;
    expect(body).toMatchObject({ action: 'transferred', from_party: 'J. Smith', to_party: 'Lab' });
    expect(body.time_zone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(body.occurred_at).toBeUndefined(); // untouched: "now", set exactly by the server
    await waitFor(() => expect(within(drawer).queryByRole('form', { name: 'Record hand-over' })).toBeNull());
  });

  it('reads a time typed for another zone in that zone', async () => {
    const server = serverWith([evidence()]).on(`POST /evidence/${EVIDENCE_ID}/custody`, (call) =>
      json(201, custodyEvent({ ...(call.body as object), id: 'e3' })),
    );
    const user = userEvent.setup();
    renderSignedIn(<EvidenceTab caseId={CASE_ID} canEdit canDownload />, server, { path: OPEN });
    const drawer = await screen.findByRole('dialog', { name: 'Firewall log' });
    await user.click(within(drawer).getByRole('button', { name: 'Record hand-over' }));
    const form = within(drawer).getByRole('form', { name: 'Record hand-over' });
    await user.click(within(form).getByRole('combobox', { name: 'Action' }));
    await user.click(await screen.findByRole('option', { name: 'Analysed', hidden: true }));
    const zone = within(form).getByRole('combobox', { name: 'Time zone' });
    await user.clear(zone);
    await user.type(zone, '+05:30');
    fireEvent.change(within(form).getByLabelText(/^When/), { target: { value: '2026-03-01T15:00' } });
    expect(form).toHaveTextContent('= 2026-03-01 09:30:00 UTC');
    await user.click(within(form).getByRole('button', { name: 'Record hand-over' }));

    await waitFor(() => expect(server.count(`POST /evidence/${EVIDENCE_ID}/custody`)).toBe(1));
    const body = server.calls.find((c) => c.method === 'POST')?.body as Record<string, string>;
    expect(body).toMatchObject({ action: 'analysed', time_zone: '+05:30', occurred_at: '2026-03-01T09:30:00.000Z' });
  });

  it('shows the server’s field errors on the hand-over form', async () => {
    const server = serverWith([evidence()]).on(`POST /evidence/${EVIDENCE_ID}/custody`, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'custody before collection',
        errors: [{ field: 'occurred_at', message: 'is before the item was collected' }],
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<EvidenceTab caseId={CASE_ID} canEdit canDownload />, server, { path: OPEN });
    const drawer = await screen.findByRole('dialog', { name: 'Firewall log' });
    await user.click(within(drawer).getByRole('button', { name: 'Record hand-over' }));
    const form = within(drawer).getByRole('form', { name: 'Record hand-over' });
    await user.click(within(form).getByRole('combobox', { name: 'Action' }));
    await user.click(await screen.findByRole('option', { name: 'Analysed', hidden: true }));
    await user.click(within(form).getByRole('button', { name: 'Record hand-over' }));

    expect(await within(form).findByText('When is before the item was collected.')).toBeInTheDocument();
    await waitFor(() => expect(within(form).getByLabelText(/^When/)).toHaveFocus());
  });
});
