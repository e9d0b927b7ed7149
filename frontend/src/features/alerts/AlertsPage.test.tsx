import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderSignedIn, sampleCase, userWithRole } from '../../test/signedIn';
import type { Alert } from './types';

const NEW_CASE = '0190a5f0-0000-7000-8000-0000000000e1';

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: '0190a5f0-0000-7000-8000-0000000000a1',
    source: 'mail-gateway',
    source_ref: 'MG-4471',
    title: 'Phishing to the payroll team',
    description: 'Three mailboxes received a fake invoice.',
    severity: 'high',
    status: 'new',
    observables: [
      { type: 'email', value: 'billing@evil.example', tlp: 'amber', pap: 'amber', ioc: false, tags: [] },
      { type: 'url', value: 'https://evil.example/pay', tlp: 'amber', pap: 'amber', ioc: false, tags: [] },
    ],
    raw_sha256: 'a'.repeat(64),
    raw_size: 120,
    occurrences: 3,
    first_seen_at: '2026-12-05T08:00:00Z',
    last_seen_at: '2026-12-05T09:30:00Z',
    case_id: null,
    ignore_reason: null,
    decided_by_id: null,
    decided_at: null,
    created_at: '2026-12-05T08:00:00Z',
    updated_at: '2026-12-05T09:30:00Z',
    version: 3,
    ...overrides,
  };
}

function queue(items: Alert[]) {
  return new FakeServer()
    .on('GET /alerts', () => json(200, { items, next_cursor: null }))
    .on('GET /playbooks', () => json(200, { items: [] }));
}

describe('the alert queue', { timeout: 20_000 }, () => {
  it('lists the new alerts with their source, reference, severity, occurrences, last sighting and observables', async () => {
    const server = queue([alert()]);
    renderSignedIn('/alerts', server);

    const card = await screen.findByTestId('alert-card');
    expect(server.calls.find((c) => c.path === '/alerts')?.query.getAll('status')).toEqual(['new']);
    expect(within(card).getByText('Phishing to the payroll team')).toBeInTheDocument();
    expect(within(card).getByText('mail-gateway')).toBeInTheDocument();
    expect(within(card).getByText('MG-4471')).toBeInTheDocument();
    expect(within(card).getByText('High')).toBeInTheDocument();
    expect(within(card).getByText(/Seen 3 times, last/)).toBeInTheDocument();
    const observables = within(card).getByRole('list', { name: 'Observables' });
    expect(within(observables).getAllByRole('listitem')).toHaveLength(2);
    expect(within(observables).getByText('billing@evil.example')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Import as case' })).toBeInTheDocument();
  });

  it('shows the ignored alerts with their reason, through the address', async () => {
    const server = queue([alert({ status: 'ignored', ignore_reason: 'Our own scanner', occurrences: 1 })]);
    const { router } = renderSignedIn('/alerts', server);
    await screen.findByTestId('alert-card');
    await userEvent.setup().click(screen.getByRole('radio', { name: 'Ignored' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=ignored'));
    await waitFor(() =>
      expect(
        server.calls
          .filter((c) => c.path === '/alerts')
          .at(-1)
          ?.query.get('status'),
      ).toBe('ignored'),
    );
    expect(await screen.findByText('Ignored: Our own scanner')).toBeInTheDocument();
    expect(screen.getByText(/Seen once/)).toBeInTheDocument();
  });

  it('imports an alert as a case with the alert’s ETag, then opens the case', async () => {
    const server = queue([alert()]).on(`POST /alerts/${alert().id}/import`, () =>
      json(200, alert({ status: 'imported', case_id: NEW_CASE, version: 4 })),
    );
    server.on(`GET /cases/${NEW_CASE}`, () => json(200, sampleCase({ id: NEW_CASE })));
    const { router } = renderSignedIn('/alerts', server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Import as case' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import as a case' });
    expect(within(dialog).getByRole('textbox', { name: 'Title' })).toHaveValue('Phishing to the payroll team');

    await user.click(within(dialog).getByRole('button', { name: 'Open the case' }));
    expect(await within(dialog).findByText('Choose the category of the incident.')).toBeInTheDocument();
    expect(server.count(`POST /alerts/${alert().id}/import`)).toBe(0);

    await user.click(within(dialog).getByLabelText(/Category/));
    await user.click(await screen.findByRole('option', { name: 'Phishing', hidden: true }));
    await user.click(within(dialog).getByRole('button', { name: 'Open the case' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/cases/${NEW_CASE}`));
    const call = server.calls.find((c) => c.path === `/alerts/${alert().id}/import`);
    expect(call?.ifMatch).toBe('"3"');
    expect(call?.body).toEqual({ category: 'phishing', personal_data_involved: false });
  });

  it('merges an alert into a case chosen by search', async () => {
    const target = sampleCase({
      id: '0190a5f0-0000-7000-8000-0000000000c8',
      reference: 'INC-2026-0042',
      title: 'Payroll phishing',
    });
    const server = queue([alert()])
      .on('GET /cases', () => json(200, { items: [target], next_cursor: null }))
      .on(`POST /alerts/${alert().id}/merge`, () =>
        json(200, alert({ status: 'imported', case_id: target.id, version: 4 })),
      );
    renderSignedIn('/alerts', server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Merge into case' }));
    const dialog = await screen.findByRole('dialog', { name: 'Merge into a case' });
    await user.type(within(dialog).getByLabelText(/^Case/), 'payroll');
    await user.click(await screen.findByRole('option', { name: 'INC-2026-0042 · Payroll phishing', hidden: true }));
    await user.click(within(dialog).getByRole('button', { name: 'Merge' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const call = server.calls.find((c) => c.path === `/alerts/${alert().id}/merge`);
    expect(call?.body).toEqual({ case_id: target.id });
    expect(call?.ifMatch).toBe('"3"');
  });

  it('asks for a reason to ignore an alert, and shows why the server refused', async () => {
    const server = queue([alert()]).on(`POST /alerts/${alert().id}/ignore`, () =>
      problem(409, 'Conflict', {
        detail: 'This alert is already imported: only a new alert can be imported, merged or ignored.',
      }),
    );
    renderSignedIn('/alerts', server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Ignore' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ignore the alert' });
    await user.click(within(dialog).getByRole('button', { name: 'Ignore' }));
    expect(await within(dialog).findByText('Say why the alert is ignored.')).toBeInTheDocument();
    expect(server.count(`POST /alerts/${alert().id}/ignore`)).toBe(0);

    await user.type(within(dialog).getByRole('textbox', { name: 'Reason' }), 'Our own scanner');
    await user.click(within(dialog).getByRole('button', { name: 'Ignore' }));
    expect(await within(dialog).findByText(/already imported/)).toBeInTheDocument();
    expect(server.calls.find((c) => c.path === `/alerts/${alert().id}/ignore`)?.body).toEqual({
      reason: 'Our own scanner',
    });
  });

  it('lets an auditor read the queue but offers no decision', async () => {
    renderSignedIn('/alerts', queue([alert()]), userWithRole('auditor'));
    await screen.findByTestId('alert-card');
    expect(screen.queryByRole('button', { name: 'Import as case' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Ignore' })).toBeNull();
  });

  it('is not offered to a department head, and says so without asking', async () => {
    const server = queue([]);
    renderSignedIn('/alerts', server, userWithRole('department_head'));
    expect(await screen.findByText('Not available for your role', { exact: true })).toBeInTheDocument();
    expect(server.count('GET /alerts')).toBe(0);
  });

  it('says when the queue could not be read', async () => {
    const server = new FakeServer().on('GET /alerts', () =>
      problem(500, 'Internal Server Error', { detail: 'Something went wrong.' }),
    );
    renderSignedIn('/alerts', server);
    expect(await screen.findByText('The alerts could not be loaded')).toBeInTheDocument();
  });
});
