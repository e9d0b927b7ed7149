import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { SecondFactorStatus, SignInPolicy } from '../../api/types';
import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../test/signedIn';

const admin = userWithRole('admin', { name: 'Ada Admin', email: 'ada@example.org' });
const bob = userWithRole('responder', {
  id: '0190a5f0-0000-7000-8000-0000000000b0',
  name: 'Bob Responder',
  email: 'bob@example.org',
  version: 3,
});
const on: SecondFactorStatus = {
  totp_enrolled: true,
  enrolled_at: '2026-03-02T09:05:00Z',
  recovery_codes_left: 7,
  required: true,
};
const off: SecondFactorStatus = { totp_enrolled: false, enrolled_at: null, recovery_codes_left: 0, required: true };
const policy: SignInPolicy = { second_factor_roles: ['admin'], updated_at: '2026-03-01T08:00:00Z' };

function server() {
  let bobs = on;
  let stored = policy;
  return new FakeServer()
    .on('GET /users', () => json(200, { items: [admin, bob], next_cursor: null }))
    .on(`GET /users/${bob.id}`, () => json(200, bob, { ETag: `"${bob.version}"` }))
    .on(`GET /users/${admin.id}`, () => json(200, admin, { ETag: `"${admin.version}"` }))
    .on(`GET /users/${bob.id}/sessions`, () => json(200, { items: [] }))
    .on(`GET /users/${admin.id}/sessions`, () => json(200, { items: [] }))
    .on(`GET /users/${bob.id}/second-factor`, () => json(200, bobs))
    .on(`GET /users/${admin.id}/second-factor`, () => json(200, { ...on, recovery_codes_left: 10 }))
    .on(`POST /users/${bob.id}/second-factor/reset`, () => {
      bobs = off;
      return new Response(null, { status: 204 });
    })
    .on('GET /sign-in-policy', () => json(200, stored))
    .on('PUT /sign-in-policy', (c) => {
      stored = { ...(c.body as Pick<SignInPolicy, 'second_factor_roles'>), updated_at: '2026-03-03T10:00:00Z' };
      return json(200, stored);
    });
}

async function drawerFor(s: FakeServer, email: string) {
  renderSignedIn('/admin/users', s, admin);
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: `Edit ${email}` }));
  const drawer = await screen.findByRole('dialog', { name: 'Edit user' });
  const part = await within(drawer).findByRole('region', { name: 'Two-step sign-in' });
  await within(part).findByTestId('user-second-factor');
  return { user, part };
}

describe("a user's second factor in the edit drawer", () => {
  it('shows it, and resets it after a confirmation that says their sign-ins end', async () => {
    const s = server();
    const { user, part } = await drawerFor(s, 'bob@example.org');
    expect(within(part).getByTestId('user-second-factor')).toHaveTextContent(/^On since .*, 7 recovery codes left\.$/);
    expect(within(part).getByText('Required for their role')).toBeInTheDocument();

    await user.click(within(part).getByRole('button', { name: 'Reset second factor…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset second factor' });
    expect(dialog).toHaveTextContent('every sign-in of theirs ends now');
    expect(dialog).toHaveTextContent('they set up a new authenticator before they get in');
    await user.click(within(dialog).getByRole('button', { name: 'Reset second factor' }));

    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Reset second factor' })).not.toBeInTheDocument());
    expect(await within(part).findByText('Not set up: they sign in with their password alone.')).toBeInTheDocument();
    expect(s.count(`POST /users/${bob.id}/second-factor/reset`)).toBe(1);
  });

  it('says why a reset was refused', async () => {
    const s = server().on(`POST /users/${bob.id}/second-factor/reset`, () =>
      problem(409, 'Conflict', { detail: 'Use your account page for your own second factor.' }),
    );
    const { user, part } = await drawerFor(s, 'bob@example.org');
    await user.click(within(part).getByRole('button', { name: 'Reset second factor…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset second factor' });
    await user.click(within(dialog).getByRole('button', { name: 'Reset second factor' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Use your account page');
  });

  it('offers no reset of my own: that is on my account page', async () => {
    const { part } = await drawerFor(server(), 'ada@example.org');
    expect(within(part).queryByRole('button', { name: /Reset second factor/ })).not.toBeInTheDocument();
    expect(within(part).getByRole('link', { name: 'your account page' })).toHaveAttribute('href', '/account');
  });
});

describe('the sign-in policy on the users page', () => {
  it('is saved with the roles ticked, in the order listed', async () => {
    const s = server();
    renderSignedIn('/admin/users', s, admin);
    const user = userEvent.setup();
    const card = await screen.findByRole('region', { name: 'Two-step sign-in' });
    const administrators = await within(card).findByRole('checkbox', { name: 'Administrator' });
    expect(administrators).toBeChecked();
    expect(within(card).getByRole('checkbox', { name: 'Auditor' })).not.toBeChecked();
    expect(within(card).getByRole('button', { name: 'Save' })).toBeDisabled();

    await user.click(within(card).getByRole('checkbox', { name: 'Auditor' }));
    await user.click(within(card).getByRole('checkbox', { name: 'Responder' }));
    await user.click(within(card).getByRole('button', { name: 'Save' }));

    expect(await within(card).findByRole('status')).toHaveTextContent('Saved.');
    expect(s.calls.find((c) => c.method === 'PUT')?.body).toEqual({
      second_factor_roles: ['admin', 'responder', 'auditor'],
    });
    expect(within(card).getByRole('checkbox', { name: 'Responder' })).toBeChecked();
    expect(within(card).getByRole('button', { name: 'Save' })).toBeDisabled();
  });
});
