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
