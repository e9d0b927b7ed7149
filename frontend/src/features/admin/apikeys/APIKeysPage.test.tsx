import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { APIKey, User } from '../../../api/types';
import { expiresAt } from '../../../components/apikeys/expiry';
import { dayKey } from '../../../components/dates';
import { FakeServer, json, problem } from '../../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../../test/signedIn';

const admin = userWithRole('admin', { name: 'Ada Admin', email: 'ada@example.org' });
const rita: User = {
  ...userWithRole('responder'),
  id: '0190a5f0-0000-7000-8000-0000000000a2',
  name: 'Rita Responder',
  email: 'rita@example.org',
};
const olga: User = {
  ...userWithRole('auditor'),
  id: '0190a5f0-0000-7000-8000-0000000000a3',
  name: 'Olga Auditor',
  email: 'olga@example.org',
};
const TOKEN = `cwk_${'0190a5f000007000800000000000b001'}_${'A'.repeat(43)}`;

function apiKey(overrides: Partial<APIKey> = {}): APIKey {
  return {
    id: '0190a5f0-0000-7000-8000-00000000b001',
    name: 'SIEM alert forwarder',
    kind: 'service',
    role: 'alert_ingest',
    user_id: admin.id,
    user_email: admin.email,
    user_name: admin.name,
    rate_per_minute: 600,
    created_by_id: admin.id,
    created_at: '2026-03-02T09:05:00Z',
    expires_at: '2027-03-02T09:05:00Z',
    last_used_at: '2026-03-04T10:00:00Z',
    last_used_ip: '192.0.2.7',
    revoked_at: null,
    state: 'live',
    ...overrides,
  };
}

const dashboard = apiKey({
  id: '0190a5f0-0000-7000-8000-00000000b002',
  name: 'Board dashboard',
  role: 'read_only',
  last_used_at: null,
  last_used_ip: null,
  state: 'expired',
});
const scripts = apiKey({
  id: '0190a5f0-0000-7000-8000-00000000b003',
  name: "Rita's scripts",
  kind: 'personal',
  role: 'responder',
  user_id: rita.id,
  user_email: rita.email,
  user_name: rita.name,
  created_by_id: rita.id,
  revoked_at: '2026-03-05T08:00:00Z',
  state: 'revoked',
});

function keysServer(items: APIKey[] = [apiKey()]) {
  return new FakeServer()
    .on('GET /api-keys', () => json(200, { items, next_cursor: null }))
    .on('GET /users', () => json(200, { items: [admin, rita, olga], next_cursor: null }));
}

/** pick opens a select and chooses one of its own options (the page's filter offers the same accounts). */
async function pick(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, option: string) {
  await user.click(input);
  await waitFor(() => expect(input).toHaveAttribute('aria-controls'));
  const listbox = document.getElementById(input.getAttribute('aria-controls') ?? '');
  if (!listbox) throw new Error('the select has no list of options');
  await user.click(await within(listbox).findByRole('option', { name: option, hidden: true }));
}

async function openNewKey() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'New key' }));
  const dialog = await screen.findByRole('dialog', { name: 'New API key' });
  return { user, dialog };
}

describe('the API keys page', () => {
  it('lists every key with its role, account, state and last use, and loads more by cursor', async () => {
    const server = new FakeServer().on('GET /api-keys', (call) =>
      call.query.get('cursor') === 'page-2'
        ? json(200, { items: [scripts], next_cursor: null })
        : json(200, { items: [apiKey(), dashboard], next_cursor: 'page-2' }),
    );
    renderSignedIn('/admin/api-keys', server, admin);

    const table = await screen.findByRole('table', { name: 'API keys' });
    const forwarder = within(table).getByRole('row', { name: /SIEM alert forwarder/ });
    expect(forwarder).toHaveTextContent('Tool');
    expect(forwarder).toHaveTextContent('Alert intake only');
    expect(forwarder).toHaveTextContent('Ada Admin');
    expect(forwarder).toHaveTextContent('you');
    expect(forwarder).toHaveTextContent('Live');
    expect(forwarder).toHaveTextContent('4 Mar 2026');
    expect(forwarder).toHaveTextContent('from 192.0.2.7');
    expect(within(forwarder).getByRole('button', { name: 'Revoke SIEM alert forwarder' })).toBeInTheDocument();
    const board = within(table).getByRole('row', { name: /Board dashboard/ });
    expect(board).toHaveTextContent('Read only');
    expect(board).toHaveTextContent('Expired');
    expect(board).toHaveTextContent('Never');
    expect(within(board).queryByRole('button', { name: /Revoke/ })).toBeNull();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Load more keys' }));
    const rowOfRita = await within(table).findByRole('row', { name: /Rita's scripts/ });
    expect(rowOfRita).toHaveTextContent('Personal');
    expect(rowOfRita).toHaveTextContent('Responder');
    expect(rowOfRita).toHaveTextContent('Revoked');
    expect(server.calls.filter((c) => c.path === '/api-keys').map((c) => c.query.get('cursor'))).toEqual([
      null,
      'page-2',
    ]);
    expect(screen.getByText('3 keys — that is all')).toBeInTheDocument();
  });

  it("shows one account's keys when it is chosen, and keeps the choice in the address", async () => {
    const server = keysServer().on('GET /api-keys', (call) =>
      json(200, { items: call.query.get('user_id') === rita.id ? [scripts] : [apiKey(), scripts], next_cursor: null }),
    );
    const { router } = renderSignedIn('/admin/api-keys', server, admin);
    const user = userEvent.setup();
    expect(await screen.findByRole('row', { name: /SIEM alert forwarder/ })).toBeInTheDocument();
    await pick(user, screen.getByRole('combobox', { name: 'Acting for' }), 'Rita Responder (rita@example.org)');

    await waitFor(() => expect(screen.queryByRole('row', { name: /SIEM alert forwarder/ })).toBeNull());
    expect(screen.getByRole('row', { name: /Rita's scripts/ })).toBeInTheDocument();
    expect(router.state.location.search).toBe(`?user=${rita.id}`);
    expect(server.calls.filter((c) => c.path === '/api-keys').map((c) => c.query.get('user_id'))).toEqual([
      null,
      rita.id,
    ]);
  });

  it('makes a read-only key acting for me, shows its token once, and lists it', async () => {
    let made: APIKey | null = null;
    const server = keysServer([])
      .on('GET /api-keys', () => json(200, { items: made ? [made] : [], next_cursor: null }))
      .on('POST /api-keys', () => {
        made = apiKey({ id: '0190a5f0-0000-7000-8000-00000000b009', name: 'Board dashboard', role: 'read_only' });
        return json(201, { key: made, token: TOKEN });
      });
    renderSignedIn('/admin/api-keys', server, admin);
    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();
    const { user, dialog } = await openNewKey();

    expect(within(dialog).getByLabelText(/^Role/)).toHaveValue('Read only');
    expect(within(dialog).queryByLabelText(/^Acts for/)).toBeNull();
    expect(dialog).toHaveTextContent('You: Ada Admin (ada@example.org)');
    const expiry = within(dialog).getByLabelText(/^Expires on/);
    const in90 = dayKey(Date.now() + 90 * 86_400_000);
    expect(expiry).toHaveValue(in90);
    await user.type(within(dialog).getByLabelText(/^Name/), '  Board dashboard ');
    await user.click(within(dialog).getByRole('button', { name: 'Make key' }));

    const made_ = await screen.findByRole('dialog', { name: 'API key made' });
    expect(within(made_).getByTestId('api-key-token')).toHaveTextContent(TOKEN);
    expect(within(made_).getByTestId('api-key-example')).toHaveTextContent(
      `curl -H "Authorization: Bearer ${TOKEN}" http://localhost:3000/api/v1/cases`,
    );
    expect(made_).toHaveTextContent('it will not be shown again');
    expect(within(made_).getByRole('button', { name: 'Copy the token' })).toBeInTheDocument();
    expect(server.calls.find((c) => c.method === 'POST' && c.path === '/api-keys')?.body).toEqual({
      name: 'Board dashboard',
      role: 'read_only',
      expires_at: expiresAt(in90),
    });
    // The list behind the dialog is read again.
    expect(await screen.findByRole('row', { name: /Board dashboard/ })).toBeInTheDocument();

    await user.click(within(made_).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByTestId('api-key-token')).toBeNull());
    await openNewKey();
    expect(screen.queryByTestId('api-key-token')).toBeNull();
  });

  it("offers a user role's accounts holding it and sends the one chosen, with a rate", async () => {
    const server = keysServer().on('POST /api-keys', () =>
      json(201, { key: apiKey({ role: 'responder', user_id: rita.id }), token: TOKEN }),
    );
    renderSignedIn('/admin/api-keys', server, admin);
    const { user, dialog } = await openNewKey();
    await user.type(within(dialog).getByLabelText(/^Name/), 'Ticket bridge');
    await user.click(within(dialog).getByLabelText(/^Role/));
    await user.click(await screen.findByRole('option', { name: 'Responder', hidden: true }));
    const actsFor = within(dialog).getByLabelText(/^Acts for/);
    expect(actsFor).toHaveValue('');
    await user.click(actsFor);
    await waitFor(() => expect(actsFor).toHaveAttribute('aria-controls'));
    const offered = document.getElementById(actsFor.getAttribute('aria-controls') ?? '');
    if (!offered) throw new Error('no list of accounts');
    expect(within(offered).queryByRole('option', { name: /Olga Auditor/, hidden: true })).toBeNull();
    await pick(user, actsFor, 'Rita Responder (rita@example.org)');
    await user.type(within(dialog).getByLabelText(/^Requests per minute/), '120');
    await user.click(within(dialog).getByRole('button', { name: 'Make key' }));

    await screen.findByRole('dialog', { name: 'API key made' });
    expect(server.calls.find((c) => c.method === 'POST' && c.path === '/api-keys')?.body).toMatchObject({
      name: 'Ticket bridge',
      role: 'responder',
      user_id: rita.id,
      rate_per_minute: 120,
    });
  });

  it("shows the server's 422 on each field and keeps what was typed", async () => {
    const server = keysServer().on('POST /api-keys', () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [
          { field: 'name', label: 'Name', message: 'Name must be one line of 1 to 100 characters.' },
          { field: 'expires_at', label: 'Expires at', message: 'Expires at must be at most 732 days away.' },
          { field: 'rate_per_minute', label: 'Rate per minute', message: 'Rate per minute must be at most 60000.' },
        ],
      }),
    );
    renderSignedIn('/admin/api-keys', server, admin);
    const { user, dialog } = await openNewKey();
    await user.type(within(dialog).getByLabelText(/^Name/), 'Nightly export');
    await user.type(within(dialog).getByLabelText(/^Requests per minute/), '500');
    await user.click(within(dialog).getByRole('button', { name: 'Make key' }));

    const name = within(dialog).getByLabelText(/^Name/);
    await waitFor(() => expect(name).toHaveAccessibleDescription(/Name must be one line of 1 to 100 characters\./));
    expect(within(dialog).getByLabelText(/^Expires on/)).toHaveAccessibleDescription(
      /Expires on must be at most 732 days away\./,
    );
    expect(within(dialog).getByLabelText(/^Requests per minute/)).toHaveAccessibleDescription(
      /Requests per minute must be at most 60000\./,
    );
    expect(within(dialog).getByRole('alert')).toHaveTextContent('3 fields need attention. Nothing was saved.');
    expect(name).toHaveValue('Nightly export');
    expect(within(dialog).getByLabelText(/^Requests per minute/)).toHaveValue('500');
    expect(screen.queryByTestId('api-key-token')).toBeNull();
  });

  it('asks before revoking, names the key, sends the POST and shows it revoked', async () => {
    let revoked = false;
    const live = apiKey();
    const server = keysServer()
      .on('GET /api-keys', () =>
        json(200, {
          items: [revoked ? { ...live, state: 'revoked', revoked_at: '2026-03-06T08:00:00Z' } : live],
          next_cursor: null,
        }),
      )
      .on(`POST /api-keys/${live.id}/revoke`, () => {
        revoked = true;
        return json(200, { ...live, state: 'revoked', revoked_at: '2026-03-06T08:00:00Z' });
      });
    renderSignedIn('/admin/api-keys', server, admin);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Revoke SIEM alert forwarder' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke the API key' });
    expect(dialog).toHaveTextContent('Revoke SIEM alert forwarder, acting for Ada Admin (ada@example.org)?');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.count(`POST /api-keys/${live.id}/revoke`)).toBe(0);

    await user.click(screen.getByRole('button', { name: 'Revoke SIEM alert forwarder' }));
    const again = await screen.findByRole('dialog', { name: 'Revoke the API key' });
    await user.click(within(again).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(server.count(`POST /api-keys/${live.id}/revoke`)).toBe(1));
    const row = await screen.findByRole('row', { name: /SIEM alert forwarder/ });
    await waitFor(() => expect(row).toHaveTextContent('Revoked'));
    expect(within(row).queryByRole('button', { name: /Revoke/ })).toBeNull();
  });
});
