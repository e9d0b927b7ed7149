import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, problem } from '../../test/fakeServer';
import { DEPARTMENT_ID, renderSignedIn, userWithRole } from '../../test/signedIn';

const admin = userWithRole('admin', { name: 'Ada Admin', email: 'ada@example.org' });

describe('a department', () => {
  it('with a blank name is marked at once, the name focused, the server asked once', async () => {
    const server = new FakeServer().on('POST /departments', () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the department is not valid',
        errors: [{ field: 'name', message: 'Name is required.' }],
      }),
    );
    renderSignedIn('/admin/departments', server, admin);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New department' }));
    const dialog = await screen.findByRole('dialog', { name: 'New department' });
    const name = within(dialog).getByLabelText(/^Name/);
    await user.type(name, '   ');
    await user.click(within(dialog).getByRole('button', { name: 'Create department' }));

    await waitFor(() => expect(name).toHaveFocus());
    expect(name).toHaveAccessibleDescription('Name is required.');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('1 field needs attention.');
    expect(server.calls.filter((c) => c.path === '/departments' && c.method === 'POST').map((c) => c.body)).toEqual([
      { name: '' },
    ]);
  });

  it('is renamed with If-Match; a name in use shows on the field', async () => {
    const server = new FakeServer().on(`PATCH /departments/${DEPARTMENT_ID}`, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'name already in use',
        errors: [{ field: 'name', message: 'is already used by another department' }],
      }),
    );
    renderSignedIn('/admin/departments', server, admin);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Rename Finance' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rename Finance' });
    const name = within(dialog).getByLabelText(/^Name/);
    await user.clear(name);
    await user.type(name, 'Payroll');
    await user.click(within(dialog).getByRole('button', { name: 'Rename' }));

    await waitFor(() => expect(name).toHaveAccessibleDescription('Name is already used by another department.'));
    const patch = server.calls.find((c) => c.method === 'PATCH');
    expect(patch?.ifMatch).toBe('"1"');
    expect(patch?.body).toEqual({ name: 'Payroll' });
  });
});
