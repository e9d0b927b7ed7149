import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { APIKey } from '../../api/types';
import { expiresAt } from '../../components/apikeys/expiry';
import { dayKey } from '../../components/dates';
import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../test/signedIn';

const me = userWithRole('department_head', { name: 'Harriet Head', email: 'harriet@example.org' });
const ADMIN_ID = '0190a5f0-0000-7000-8000-0000000000a9';
const TOKEN = `cwk_0190a5f000007000800000000000c001_${'b'.repeat(43)}`;

function myKey(overrides: Partial<APIKey> = {}): APIKey {
  return {
    id: '0190a5f0-0000-7000-8000-00000000c001',
    name: 'Weekly report script',
    kind: 'personal',
    role: 'department_head',
    user_id: me.id,
    user_email: me.email,
    user_name: me.name,
    rate_per_minute: null,
    created_by_id: me.id,
    created_at: '2026-03-02T09:05:00Z',
    expires_at: '2026-04-01T21:59:00Z',
    last_used_at: null,
    last_used_ip: null,
    revoked_at: null,
    state: 'live',
    ...overrides,
  };
}

const fromAdmin = myKey({
  id: '0190a5f0-0000-7000-8000-00000000c002',
  name: 'Department dashboard',
  kind: 'service',
  created_by_id: ADMIN_ID,
  last_used_at: '2026-03-03T08:00:00Z',
  last_used_ip: '2001:db8::5',
});

async function section(server: FakeServer) {
  renderSignedIn('/account', server, me);
  const region = await screen.findByRole('region', { name: 'Personal API keys' });
  return { user: userEvent.setup(), region };
}

describe('personal API keys on the account page', () => {
  it('lists the keys acting for me, marking those an administrator made', async () => {
    const server = new FakeServer().on('GET /me/api-keys', () =>
      json(200, { items: [myKey(), fromAdmin], next_cursor: null }),
    );
    const { region } = await section(server);
    const table = await within(region).findByRole('table', { name: 'Your API keys' });
    const mine = within(table).getByRole('row', { name: /Weekly report script/ });
    expect(mine).toHaveTextContent('Department head');
    expect(mine).toHaveTextContent('Live');
    expect(mine).toHaveTextContent('Never');
    expect(mine).not.toHaveTextContent('Made by an administrator');
    const theirs = within(table).getByRole('row', { name: /Department dashboard/ });
    expect(theirs).toHaveTextContent('Made by an administrator');
    expect(theirs).toHaveTextContent('from 2001:db8::5');
  });

  it('makes a key with my own role, never offering a choice of role, and shows its token once', async () => {
    let items: APIKey[] = [];
    const server = new FakeServer()
      .on('GET /me/api-keys', () => json(200, { items, next_cursor: null }))
      .on('POST /me/api-keys', () => {
        items = [myKey()];
        return json(201, { key: myKey(), token: TOKEN });
      });
    const { user, region } = await section(server);
    expect(await within(region).findByText('No keys act for you yet.')).toBeInTheDocument();
    await user.click(within(region).getByRole('button', { name: 'New personal key' }));
    const dialog = await screen.findByRole('dialog', { name: 'New personal API key' });

    expect(within(dialog).queryByLabelText(/Role/)).toBeNull();
    expect(within(dialog).queryByRole('combobox')).toBeNull();
    expect(dialog).toHaveTextContent('The key acts as you, with your role: Department head.');
    const in30 = dayKey(Date.now() + 30 * 86_400_000);
    expect(within(dialog).getByLabelText(/^Expires on/)).toHaveValue(in30);
    await user.type(within(dialog).getByLabelText(/^Name/), 'Weekly report script');
    await user.click(within(dialog).getByRole('button', { name: 'Make key' }));

    const made = await screen.findByRole('dialog', { name: 'API key made' });
    expect(within(made).getByTestId('api-key-token')).toHaveTextContent(TOKEN);
    expect(made).toHaveTextContent('it will not be shown again');
    const posted = server.calls.find((c) => c.method === 'POST' && c.path === '/me/api-keys');
    expect(posted?.body).toEqual({ name: 'Weekly report script', expires_at: expiresAt(in30) });
    expect(await within(region).findByRole('row', { name: /Weekly report script/ })).toBeInTheDocument();

    await user.click(within(made).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByTestId('api-key-token')).toBeNull());
  });

  it("shows the server's 422 on its field and keeps the name typed", async () => {
    const server = new FakeServer()
      .on('GET /me/api-keys', () => json(200, { items: [], next_cursor: null }))
      .on('POST /me/api-keys', () =>
        problem(422, 'Unprocessable Entity', {
          detail: 'the key cannot be made: expires_at must be at most 366 days away',
          errors: [{ field: 'expires_at', label: 'Expires at', message: 'Expires at must be at most 366 days away.' }],
        }),
      );
    const { user, region } = await section(server);
    await user.click(within(region).getByRole('button', { name: 'New personal key' }));
    const dialog = await screen.findByRole('dialog', { name: 'New personal API key' });
    await user.type(within(dialog).getByLabelText(/^Name/), 'Backup script');
    await user.click(within(dialog).getByRole('button', { name: 'Make key' }));

    const expiry = within(dialog).getByLabelText(/^Expires on/);
    await waitFor(() => expect(expiry).toHaveAccessibleDescription(/Expires on must be at most 366 days away\./));
    expect(within(dialog).getByLabelText(/^Name/)).toHaveValue('Backup script');
    expect(screen.queryByTestId('api-key-token')).toBeNull();
  });

  it('revokes a key of mine after a confirmation naming it', async () => {
    let revoked = false;
    const server = new FakeServer()
      .on('GET /me/api-keys', () =>
        json(200, {
          items: [revoked ? myKey({ state: 'revoked', revoked_at: '2026-03-06T08:00:00Z' }) : myKey()],
          next_cursor: null,
        }),
      )
      .on(`POST /me/api-keys/${myKey().id}/revoke`, () => {
        revoked = true;
        return json(200, myKey({ state: 'revoked', revoked_at: '2026-03-06T08:00:00Z' }));
      });
    const { user, region } = await section(server);
    await user.click(await within(region).findByRole('button', { name: 'Revoke Weekly report script' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke the API key' });
    expect(dialog).toHaveTextContent('Revoke Weekly report script');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));

    await waitFor(() => expect(server.count(`POST /me/api-keys/${myKey().id}/revoke`)).toBe(1));
    const row = within(region).getByRole('row', { name: /Weekly report script/ });
    await waitFor(() => expect(row).toHaveTextContent('Revoked'));
    expect(within(row).queryByRole('button', { name: /Revoke/ })).toBeNull();
  });
});
