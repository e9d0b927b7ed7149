import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json } from '../../test/fakeServer';
import { renderSignedIn, sampleCase } from '../../test/signedIn';

function casesServer() {
  return new FakeServer().on('GET /cases', () => json(200, { items: [sampleCase()], next_cursor: null }));
}

const lastListQuery = (server: FakeServer) => server.calls.filter((c) => c.path === '/cases').at(-1)?.query;

describe('the cases list', () => {
  it('reads its filters and sort from the URL', async () => {
    const server = casesServer();
    renderSignedIn('/cases?status=triage&status=investigating&severity=high&q=payroll&sort=-severity', server);

    expect(await screen.findByText('INC-2026-0007')).toBeInTheDocument();
    const query = lastListQuery(server);
    expect(query?.getAll('status')).toEqual(['triage', 'investigating']);
    expect(query?.getAll('severity')).toEqual(['high']);
    expect(query?.get('q')).toBe('payroll');
    expect(query?.get('sort')).toBe('-severity');
    expect(screen.getByRole('checkbox', { name: 'Triage' })).toBeChecked();
    expect(screen.getByLabelText('Search cases')).toHaveValue('payroll');
  });

  it('keeps a status chip and a column sort in the URL', async () => {
    const server = casesServer();
    const { router } = renderSignedIn('/cases', server);
    const user = userEvent.setup();

    await screen.findByText('INC-2026-0007');
    await user.click(screen.getByRole('checkbox', { name: 'Contained' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=contained'));
    await user.click(screen.getByRole('button', { name: 'Sort by updated' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=contained&sort=-updated'));
    await waitFor(() => expect(lastListQuery(server)?.get('sort')).toBe('-updated'));
  });

  it('shows the severity, status and regulator deadline of each case', async () => {
    renderSignedIn('/cases', casesServer());

    const row = (await screen.findByText('INC-2026-0007')).closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('High');
    expect(row).toHaveTextContent('Triage');
    expect(row).toHaveTextContent(/overdue by/);
  });
});
