import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { service } from '../../components/restoration/testing';
import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../test/signedIn';

const admin = userWithRole('admin', { name: 'Ada Admin', email: 'ada@example.org' });
const responder = userWithRole('responder', { name: 'Bob Responder', email: 'bob@example.org' });
const toolkit = service({ public_name: 'Revalidation portal' });

function servicesServer() {
  return new FakeServer()
    .on('GET /services', () => json(200, { items: [toolkit], next_cursor: null }))
    .on('GET /departments', () =>
      json(200, { items: [{ id: toolkit.department_id, name: 'Clinical Systems', version: 1 }], next_cursor: null }),
    );
}

async function openEdit() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: `Edit ${toolkit.name}` }));
  return { user, dialog: await screen.findByRole('dialog', { name: `Edit ${toolkit.name}` }) };
}

describe('the public name of a service', () => {
  it('is shown in the list', async () => {
    renderSignedIn('/services', servicesServer(), admin);
    const table = await screen.findByRole('table', { name: 'Services' });
    expect(within(table).getByText('On the status page as “Revalidation portal”')).toBeInTheDocument();
  });

  it('is set by an administrator, who learns what it does; a clash shows on the field', async () => {
    const server = servicesServer().on(`PATCH /services/${toolkit.id}`, (call) => {
      const body = call.body as { public_name?: string | null };
      if (body.public_name === 'Taken')
        return problem(409, 'Conflict', {
          detail: 'another service already has this public name',
          errors: [{ field: 'public_name', message: 'Public name is already the public name of another service.' }],
        });
      return json(200, { ...toolkit, public_name: body.public_name ?? null, version: 2 });
    });
    renderSignedIn('/services', server, admin);
    const { user, dialog } = await openEdit();
    const field = within(dialog).getByLabelText('Public name');
    expect(within(dialog).getByText(/appears, under that name only, on the public status page/)).toBeInTheDocument();

    await user.clear(field);
    await user.type(field, 'Taken');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(
      await within(dialog).findByText('Public name is already the public name of another service.'),
    ).toBeInTheDocument();

    await user.clear(field);
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const patches = server.calls.filter((c) => c.method === 'PATCH');
    expect(patches.at(-1)?.body).toMatchObject({ public_name: null });
  });

  it('is read-only for a responder and not sent', async () => {
    const server = servicesServer().on(`PATCH /services/${toolkit.id}`, () => json(200, { ...toolkit, version: 2 }));
    renderSignedIn('/services', server, responder);
    const { user, dialog } = await openEdit();
    expect(within(dialog).getByLabelText('Public name')).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(server.count(`PATCH /services/${toolkit.id}`)).toBe(1));
    expect(server.calls.find((c) => c.method === 'PATCH')?.body).not.toHaveProperty('public_name');
  });
});

describe('saving a service', () => {
  it("shows its own checks and the server's at once, focuses the first and sends the values once", async () => {
    const server = servicesServer().on(`PATCH /services/${toolkit.id}`, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [
          { field: 'name', message: 'Name is required.' },
          { field: 'department_id', message: 'No such department.' },
        ],
      }),
    );
    renderSignedIn('/services', server, admin);
    const { user, dialog } = await openEdit();
    const name = within(dialog).getByLabelText(/^Name/);
    await user.clear(name);
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(name).toHaveFocus());
    expect(name).toHaveAccessibleDescription('Name is required.');
    expect(within(dialog).getByText('No such department.')).toBeInTheDocument();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('2 fields need attention. Nothing was saved.');
    expect(server.count(`PATCH /services/${toolkit.id}`)).toBe(1);
    expect(server.calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ name: '' });
    expect(screen.getByRole('dialog', { name: `Edit ${toolkit.name}` })).toBeInTheDocument();
  });

  it('sends If-Match, and on 412 says someone else changed it and reloads the list', async () => {
    const server = servicesServer().on(`PATCH /services/${toolkit.id}`, () =>
      problem(412, 'Precondition Failed', { detail: 'service was changed by someone else: read it again and retry' }),
    );
    renderSignedIn('/services', server, admin);
    const { user, dialog } = await openEdit();
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(await within(dialog).findByText('Changed by someone else')).toBeInTheDocument();
    expect(server.calls.find((c) => c.method === 'PATCH')?.ifMatch).toBe(`"${toolkit.version}"`);
    await waitFor(() => expect(server.count('GET /services')).toBeGreaterThan(1));
  });
});
