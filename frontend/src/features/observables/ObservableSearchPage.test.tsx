import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { CASE_ID, caseResponse, renderSignedIn, sampleCase, userWithRole } from '../../test/signedIn';
import { observable } from './sample';

const other = '0190a5f0-0000-7000-8000-0000000000c9';

const sightings = [
  {
    observable: observable({ id: 's1', case_id: other, ioc: true, tlp: 'red', created_at: '2026-12-05T10:00:00Z' }),
    case_reference: 'INC-2026-0012',
    case_title: 'Phishing kampania płacowa',
  },
  {
    observable: observable({ id: 's2', case_id: CASE_ID }),
    case_reference: 'INC-2026-0007',
    case_title: 'حملة تصيد',
  },
];

describe('the search across cases', { timeout: 20_000 }, () => {
  it('reads the value from the address and shows each case holding it, linked, with the value as text', async () => {
    const server = new FakeServer().on('GET /observables', () => json(200, { items: sightings, next_cursor: null }));
    renderSignedIn('/observables?value=login-firma%5B.%5Dpl', server, userWithRole('auditor'));

    const rows = await screen.findAllByTestId('sighting-row');
    expect(server.calls.find((c) => c.path === '/observables')?.query.get('value')).toBe('login-firma[.]pl');
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [HTMLElement, HTMLElement];
    expect(within(first).getByRole('link', { name: 'INC-2026-0012' })).toHaveAttribute(
      'href',
      `/cases/${other}?tab=observables`,
    );
    expect(within(first).getByText('Phishing kampania płacowa')).toHaveAttribute('dir', 'auto');
    expect(within(first).getByText('TLP:RED')).toBeInTheDocument();
    expect(within(first).getByText('Indicator of compromise')).toBeInTheDocument();
    expect(within(first).getByTestId('observable-value')).toHaveTextContent('login-firma.pl');
    expect(within(first).getAllByRole('link')).toHaveLength(1);
    expect(within(second).getByText('حملة تصيد')).toHaveAttribute('dir', 'auto');
    expect(screen.getByRole('textbox', { name: 'Value' })).toHaveValue('login-firma[.]pl');
  });

  it('searches what is typed, through the address', async () => {
    const server = new FakeServer().on('GET /observables', () => json(200, { items: [], next_cursor: null }));
    const { router } = renderSignedIn('/observables', server);
    expect(await screen.findByText('Find where a value was seen')).toBeInTheDocument();
    expect(server.calls.some((c) => c.path === '/observables')).toBe(false);

    const user = userEvent.setup();
    await user.click(screen.getByRole('textbox', { name: 'Value' }));
    await user.paste('203.0.113[.]7');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('Not seen in any case you may see')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?value=203.0.113%5B.%5D7');
  });

  it('shows why a search failed, with a retry', async () => {
    const server = new FakeServer().on('GET /observables', () =>
      problem(500, 'Internal Server Error', { detail: 'Something went wrong on the server.' }),
    );
    renderSignedIn('/observables?value=x', server);
    expect(await screen.findByText('The search could not be run')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('is not offered to a department head: no link, no tab on a case, the page says so without asking', async () => {
    const head = userWithRole('department_head');
    const server = new FakeServer()
      .on(`GET /cases/${CASE_ID}`, () => caseResponse(sampleCase()))
      .on(`GET /cases/${CASE_ID}/timeline`, () => json(200, { items: [], next_cursor: null }));
    const { router } = renderSignedIn(`/cases/${CASE_ID}?tab=observables`, server, head);
    expect(await screen.findByRole('tab', { name: 'Activity', selected: true })).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Observables' })).toBeNull();
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).queryByRole('link', { name: 'Observables' })).toBeNull();

    await router.navigate('/observables?value=x');
    expect(await screen.findByText('Not available for your role')).toBeInTheDocument();
    await waitFor(() => expect(server.calls.some((c) => c.path.includes('observables'))).toBe(false));
  });
});
