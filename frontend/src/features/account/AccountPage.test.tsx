import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, problem } from '../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../test/signedIn';

const me = userWithRole('auditor', { name: 'Olga Auditor', email: 'olga@example.org', time_zone: null });

async function passwordForm(server: FakeServer) {
  renderSignedIn('/account', server, me);
  const form = await screen.findByRole('form', { name: 'Change password' });
  return { user: userEvent.setup(), form };
}

async function fill(
  user: ReturnType<typeof userEvent.setup>,
  form: HTMLElement,
  current: string,
  next: string,
  repeat = next,
) {
  if (current) await user.type(within(form).getByLabelText(/^Current password/), current);
  if (next) await user.type(within(form).getByLabelText(/^New password/), next);
  if (repeat) await user.type(within(form).getByLabelText(/^Repeat the new password/), repeat);
  await user.click(within(form).getByRole('button', { name: 'Change password' }));
}

describe('changing my password', () => {
  it('shows a wrong current password and a refused new one at once, the first focused', async () => {
    const server = new FakeServer().on('POST /me/password', () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the password was not changed: the current password is not right',
        errors: [
          { field: 'current_password', message: 'Current password is not the password you signed in with.' },
          { field: 'new_password', message: 'This password is among the 10 000 most common; choose another.' },
        ],
      }),
    );
    const { user, form } = await passwordForm(server);
    await fill(user, form, 'not my password', 'password1234');

    const current = within(form).getByLabelText(/^Current password/);
    await waitFor(() => expect(current).toHaveFocus());
    expect(current).toHaveAccessibleDescription('Current password is not the password you signed in with.');
    expect(within(form).getByLabelText(/^New password/)).toHaveAccessibleDescription(
      'This password is among the 10 000 most common; choose another.',
    );
    expect(within(form).getByRole('alert')).toHaveTextContent('2 fields need attention. Nothing was saved.');
    expect(server.calls.filter((c) => c.path === '/me/password').map((c) => c.body)).toEqual([
      { current_password: 'not my password', new_password: 'password1234' },
    ]);
  });

  it("marks its own findings beside the server's: a short new password goes to the server with the rest", async () => {
    const server = new FakeServer().on('POST /me/password', () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [{ field: 'new_password', message: 'New password must be at least 12 characters.' }],
      }),
    );
    const { user, form } = await passwordForm(server);
    await fill(user, form, '', 'short');

    const current = within(form).getByLabelText(/^Current password/);
    await waitFor(() => expect(current).toHaveFocus());
    expect(current).toHaveAccessibleDescription('Current password is required.');
    expect(within(form).getByLabelText(/^New password/)).toHaveAccessibleDescription(
      'New password must be at least 12 characters.',
    );
    expect(server.count('POST /me/password')).toBe(1);
  });

  it('sends nothing while the repeated password differs, and focuses it', async () => {
    const server = new FakeServer().on('POST /me/password', () => new Response(null, { status: 204 }));
    const { user, form } = await passwordForm(server);
    await fill(user, form, 'my current password', 'a brand new long password', 'a brand new long passwort');

    const repeat = within(form).getByLabelText(/^Repeat the new password/);
    await waitFor(() => expect(repeat).toHaveFocus());
    expect(repeat).toHaveAccessibleDescription('Repeat the new password exactly: the two differ.');
    expect(server.count('POST /me/password')).toBe(0);
  });

  it('says the password changed and empties the form', async () => {
    const server = new FakeServer().on('POST /me/password', () => new Response(null, { status: 204 }));
    const { user, form } = await passwordForm(server);
    await fill(user, form, 'my current password', 'a brand new long password');

    expect(await within(form).findByRole('status')).toHaveTextContent('Password changed');
    expect(within(form).getByLabelText(/^Current password/)).toHaveValue('');
    expect(server.calls.find((c) => c.path === '/me/password')?.body).toEqual({
      current_password: 'my current password',
      new_password: 'a brand new long password',
    });
  });
});

describe('my time zone', () => {
  it('is saved, and a refusal shows on its field', async () => {
    const server = new FakeServer().on('PATCH /me', () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [{ field: 'time_zone', message: 'must be a known time zone, such as Europe/Warsaw' }],
      }),
    );
    renderSignedIn('/account', server, me);
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Time zone' });
    const zone = within(form).getByRole('combobox', { name: 'Time zone' });
    await user.clear(zone);
    await user.type(zone, 'Tokyo');
    await user.click(await screen.findByRole('option', { name: 'Asia/Tokyo', hidden: true }));
    await user.click(within(form).getByRole('button', { name: 'Save time zone' }));

    await waitFor(() =>
      expect(zone).toHaveAccessibleDescription('Time zone must be a known time zone, such as Europe/Warsaw.'),
    );
    expect(server.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ time_zone: 'Asia/Tokyo' });
  });
});
