import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { pick } from '../../test/pick';
import { CASE_ID, caseResponse, DEPARTMENT_ID, renderSignedIn, sampleCase } from '../../test/signedIn';

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

  it("opens a case: its own checks and the server's in one round, the first field focused, nothing opened", async () => {
    const server = casesServer().on('POST /cases', () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [
          { field: 'title', message: 'Title is required.' },
          { field: 'category', message: 'Category is required.' },
          { field: 'department_id', message: 'No such department.' },
        ],
      }),
    );
    const { router } = renderSignedIn('/cases', server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'New case' }));
    const dialog = await screen.findByRole('dialog', { name: 'New case' });
    await pick(user, dialog, 'Department', 'Finance');
    fireEvent.change(within(dialog).getByLabelText(/^Detected at/), { target: { value: '2026-03-02T10:00' } });
    fireEvent.change(within(dialog).getByLabelText(/^Aware at/), { target: { value: '2026-03-02T09:00' } });
    await user.click(within(dialog).getByRole('button', { name: 'Open case' }));

    const title = within(dialog).getByLabelText(/^Title/);
    await waitFor(() => expect(title).toHaveFocus());
    expect(title).toHaveAccessibleDescription('Title is required.');
    expect(within(dialog).getByLabelText(/^Category/)).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByLabelText('Department')).toHaveAccessibleDescription('No such department.');
    expect(within(dialog).getByLabelText(/^Aware at/)).toHaveAccessibleDescription(
      /^Aware at cannot be before the time it was detected/,
    );
    expect(within(dialog).getByRole('alert')).toHaveTextContent('4 fields need attention. Nothing was saved.');
    // The values went to the server once, as typed; the dialog stays.
    expect(server.count('POST /cases')).toBe(1);
    expect(server.calls.find((c) => c.method === 'POST' && c.path === '/cases')?.body).toMatchObject({
      title: '',
      severity: 'medium',
      department_id: DEPARTMENT_ID,
      personal_data_involved: false,
      restricted: false,
    });
    expect(router.state.location.pathname).toBe('/cases');
  });

  it('opens a case and goes to it', async () => {
    const server = casesServer()
      .on('POST /cases', () => caseResponse(sampleCase(), 201))
      .on(`GET /cases/${CASE_ID}`, () => caseResponse(sampleCase()))
      .on(`GET /cases/${CASE_ID}/timeline`, () => json(200, { items: [], next_cursor: null }));
    const { router } = renderSignedIn('/cases', server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'New case' }));
    const dialog = await screen.findByRole('dialog', { name: 'New case' });
    await user.click(within(dialog).getByLabelText(/^Title/));
    await user.paste('  Suspicious logins on the payroll portal ');
    await pick(user, dialog, /^Category/, 'Unauthorised access');
    await user.click(within(dialog).getByRole('switch', { name: /Personal data involved/ }));
    await user.type(within(dialog).getByLabelText(/^Data subjects/), '1200');
    await user.click(within(dialog).getByRole('button', { name: 'Open case' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/cases/${CASE_ID}`));
    const body = server.calls.find((c) => c.method === 'POST' && c.path === '/cases')?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      title: 'Suspicious logins on the payroll portal',
      category: 'unauthorised_access',
      personal_data_involved: true,
      data_subjects_estimate: 1200,
    });
    expect(Date.parse(body.aware_at as string)).toBeGreaterThanOrEqual(Date.parse(body.detected_at as string));
  });
});
