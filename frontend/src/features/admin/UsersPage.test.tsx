import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../test/signedIn';

const admin = userWithRole('admin', { name: 'Ada Admin', email: 'ada@example.org' });
const bob = userWithRole('responder', {
  id: '0190a5f0-0000-7000-8000-0000000000b0',
  name: 'Bob Responder',
  email: 'bob@example.org',
  version: 3,
});

function usersServer() {
  return new FakeServer()
    .on('GET /users', () => json(200, { items: [admin, bob], next_cursor: null }))
    .on(`GET /users/${bob.id}/sessions`, () => json(200, { items: [] }))
    .on(`GET /users/${bob.id}/second-factor`, () =>
      json(200, { totp_enrolled: false, enrolled_at: null, recovery_codes_left: 0, required: false }),
    )
    .on('GET /sign-in-policy', () => json(200, { second_factor_roles: [], updated_at: null }));
}

async function openCreate() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'New user' }));
  return { user, dialog: await screen.findByRole('dialog', { name: 'New user' }) };
}

describe('the users screen', () => {
  it('lists the accounts with role and status', async () => {
    renderSignedIn('/admin/users', usersServer(), admin);

    const table = await screen.findByRole('table', { name: 'Users' });
    const row = within(table).getByText('bob@example.org').closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('Bob Responder');
    expect(row).toHaveTextContent('Responder');
    expect(row).toHaveTextContent('Active');
  });

  it("shows its own checks and the server's in one round: all at once, the first field focused, a summary", async () => {
    let posted = 0;
    const server = usersServer().on('POST /users', () => {
      posted++;
      return problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [
          { field: 'email', message: 'must look like name@example.org' },
          { field: 'department_id', message: 'is required for a department head' },
        ],
      });
    });
    renderSignedIn('/admin/users', server, admin);
    const { user, dialog } = await openCreate();

    await user.type(within(dialog).getByLabelText(/Email/), 'not-an-email');
    await user.click(within(dialog).getByLabelText(/^Role/));
    await user.click(await screen.findByRole('option', { name: 'Department head', hidden: true }));
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));

    const email = within(dialog).getByLabelText(/Email/);
    await waitFor(() => expect(email).toHaveAccessibleDescription('Email must look like name@example.org.'));
    await waitFor(() => expect(email).toHaveFocus());
    // The client's own finding stays beside the server's.
    expect(within(dialog).getByLabelText(/Name/)).toHaveAccessibleDescription('Name is required.');
    expect(within(dialog).getByLabelText('Department')).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('3 fields need attention.');
    expect(posted).toBe(1);
  });

  it('shows every server field error on its field at once and focuses the first', async () => {
    const server = usersServer().on('POST /users', () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [
          { field: 'email', message: 'Email is already in use.' },
          { field: 'name', message: 'is required (at most 200 characters)' },
        ],
      }),
    );
    renderSignedIn('/admin/users', server, admin);
    const { user, dialog } = await openCreate();

    await user.type(within(dialog).getByLabelText(/Email/), 'dana@example.org');
    await user.type(within(dialog).getByLabelText(/Name/), 'Dana');
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));

    const email = within(dialog).getByLabelText(/Email/);
    await waitFor(() => expect(email).toHaveFocus());
    expect(email).toHaveAccessibleDescription('Email is already in use.');
    expect(within(dialog).getByLabelText(/Name/)).toHaveAccessibleDescription(
      'Name is required (at most 200 characters)',
    );
    expect(within(dialog).getByRole('alert')).toHaveTextContent('2 fields need attention.');
  });

  it('shows the generated password once after creating a user', async () => {
    const dana = userWithRole('auditor', { id: '0190a5f0-0000-7000-8000-0000000000d9', email: 'dana@example.org' });
    const server = usersServer().on('POST /users', () =>
      json(201, { user: dana, generated_password: 'kettle-orbit-velvet-42' }),
    );
    renderSignedIn('/admin/users', server, admin);
    const { user, dialog } = await openCreate();

    await user.type(within(dialog).getByLabelText(/Email/), 'dana@example.org');
    await user.type(within(dialog).getByLabelText(/Name/), 'Dana');
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));

    expect(await screen.findByTestId('generated-password')).toHaveTextContent('kettle-orbit-velvet-42');
    expect(screen.getByRole('button', { name: 'Copy the password' })).toBeInTheDocument();
    expect(server.calls.find((c) => c.method === 'POST' && c.path === '/users')?.body).not.toHaveProperty('password');
  });

  it('sends If-Match, and on 412 says the user changed and reloads it', async () => {
    const renamed = { ...bob, name: 'Robert Responder', version: 4 };
    let reads = 0;
    const server = usersServer()
      .on(`GET /users/${bob.id}`, () => {
        reads += 1;
        const u = reads === 1 ? bob : renamed;
        return json(200, u, { ETag: `"${u.version}"` });
      })
      .on(`PATCH /users/${bob.id}`, () =>
        problem(412, 'Precondition Failed', { detail: 'user was changed by someone else: read it again and retry' }),
      );
    renderSignedIn('/admin/users', server, admin);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit bob@example.org' }));
    const drawer = await screen.findByRole('dialog', { name: 'Edit user' });
    const name = await within(drawer).findByDisplayValue('Bob Responder');
    await user.clear(name);
    await user.type(name, 'Bobby');
    await user.click(within(drawer).getByRole('button', { name: 'Save changes' }));

    expect(await within(drawer).findByText('Changed by someone else')).toBeInTheDocument();
    expect(await within(drawer).findByDisplayValue('Robert Responder')).toBeInTheDocument();
    const patch = server.calls.find((c) => c.method === 'PATCH');
    expect(patch?.ifMatch).toBe('"3"');
    expect(patch?.body).toEqual({ name: 'Bobby' });
    expect(reads).toBe(2);
  });

  it("editing a user shows its own checks and the server's at once, focuses the first and saves nothing", async () => {
    const server = usersServer()
      .on(`GET /users/${bob.id}`, () => json(200, bob, { ETag: `"${bob.version}"` }))
      .on(`PATCH /users/${bob.id}`, () =>
        problem(422, 'Unprocessable Entity', {
          detail: 'the user is not valid',
          errors: [
            { field: 'name', message: 'is required' },
            { field: 'department_id', message: 'is required for a department head' },
          ],
        }),
      );
    renderSignedIn('/admin/users', server, admin);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit bob@example.org' }));
    const drawer = await screen.findByRole('dialog', { name: 'Edit user' });
    const name = await within(drawer).findByDisplayValue('Bob Responder');
    await user.clear(name);
    await user.click(within(drawer).getByLabelText(/^Role/));
    await user.click(await screen.findByRole('option', { name: 'Department head', hidden: true }));
    await user.click(within(drawer).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(name).toHaveFocus());
    expect(name).toHaveAccessibleDescription('Name is required.');
    expect(within(drawer).getByLabelText('Department')).toHaveAccessibleDescription(
      'Department is required for a department head.',
    );
    expect(within(drawer).getByRole('alert')).toHaveTextContent('2 fields need attention.');
    expect(server.calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([
      { name: '', role: 'department_head' },
    ]);
    expect(screen.getByRole('dialog', { name: 'Edit user' })).toBeInTheDocument();
  });
});
