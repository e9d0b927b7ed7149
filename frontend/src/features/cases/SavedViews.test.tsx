import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderComponent } from '../../test/renderComponent';
import { SavedViews } from './SavedViews';

function viewsServer() {
  return new FakeServer().on('GET /me/views', () => json(200, { items: [], next_cursor: null }));
}

async function openSave(server: FakeServer) {
  renderComponent(<SavedViews query="status=triage" />, server);
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Save view' }));
  const dialog = await screen.findByRole('dialog', { name: 'Save this view' });
  return { user, dialog, name: within(dialog).getByLabelText(/^Name/) };
}

describe('saving a view', () => {
  it("marks a blank name and shows the server's findings with it, the name focused", async () => {
    const server = viewsServer().on('POST /me/views', () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'invalid view',
        errors: [
          { field: 'name', message: 'Name is required: one line of at most 100 characters.' },
          { field: 'query', message: "Query must be a list's query string of at most 2000 characters." },
        ],
      }),
    );
    const { user, dialog, name } = await openSave(server);
    await user.type(name, '  ');
    await user.click(within(dialog).getByRole('button', { name: 'Save view' }));

    await waitFor(() => expect(name).toHaveFocus());
    expect(name).toHaveAccessibleDescription(
      expect.stringContaining('Name is required: one line of at most 100 characters.'),
    );
    // The query is not a field of this form: it is named in the alert at the top.
    expect(within(dialog).getByText(/Query must be a list's query string/)).toBeInTheDocument();
    expect(within(dialog).getByText('1 field needs attention. Nothing was saved.')).toBeInTheDocument();
    expect(server.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { name: '', query: 'status=triage' },
    ]);
  });

  it('saves the trimmed name with the query and closes', async () => {
    const server = viewsServer().on('POST /me/views', () =>
      json(201, { id: '0190a5f0-0000-7000-8000-0000000000e1', name: 'Triage', query: 'status=triage' }),
    );
    const { user, dialog, name } = await openSave(server);
    await user.type(name, ' Triage ');
    await user.click(within(dialog).getByRole('button', { name: 'Save view' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Triage', query: 'status=triage' });
  });
});
