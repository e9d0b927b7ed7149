import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { day, ordered, overallLine, promise, type StatusService } from './status';

const STATUS = 'GET /status';

function listing(overrides: Partial<StatusService> = {}): StatusService {
  return {
    public_name: 'Revalidation portal',
    state: 'operational',
    since: null,
    expected_restoration_at: null,
    baseline_restoration_at: null,
    updates: [],
    ...overrides,
  };
}

const suspended = listing({
  public_name: 'بوابة الضرائب',
  state: 'suspended',
  since: '2026-11-20T09:00:00Z',
  expected_restoration_at: '2026-12-23T12:00:00Z',
  baseline_restoration_at: '2026-11-28T12:00:00Z',
  updates: [
    {
      id: 'u2',
      body: 'Correction: the tax portal, not the app.',
      at: '2026-11-21T10:00:00Z',
      corrects_at: '2026-11-20T10:00:00Z',
      corrected: false,
    },
    {
      id: 'u1',
      body: 'We took the app offline <as a precaution> & are checking it.',
      at: '2026-11-20T10:00:00Z',
      corrects_at: null,
      corrected: true,
    },
  ],
});

const restored = listing({
  public_name: 'Appointments',
  state: 'restored',
  since: '2026-12-01T08:00:00Z',
  baseline_restoration_at: '2026-12-02T08:00:00Z',
});

function serverWith(services: StatusService[]) {
  return new FakeServer().on(STATUS, () => json(200, { generated_at: '2026-12-05T09:00:00Z', services }));
}

describe('StatusPage', () => {
  it('shows each public service, its state and updates, without signing in', async () => {
    const server = serverWith([restored, listing(), suspended]);
    const { router } = renderApp('/status', server);

    expect(await screen.findByRole('heading', { name: 'Service status' })).toBeInTheDocument();
    expect(await screen.findByText('1 service suspended')).toBeInTheDocument();
    // What is down comes first, then what came back, then the rest.
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual([
      'بوابة الضرائب',
      'Appointments',
      'Revalidation portal',
    ]);

    const down = screen.getByRole('article', { name: 'بوابة الضرائب' });
    expect(within(down).getByText('Suspended')).toBeInTheDocument();
    expect(within(down).getByText(/Suspended since/)).toHaveTextContent(`Expected back ${day('2026-12-23T12:00:00Z')}`);
    expect(within(down).getByText(/Suspended since/)).toHaveTextContent(
      `originally expected ${day('2026-11-28T12:00:00Z')}`,
    );
    expect(within(down).getByText('We took the app offline <as a precaution> & are checking it.')).toBeInTheDocument();
    expect(within(down).getByText(/Correction to the update of/)).toBeInTheDocument();
    expect(within(down).getByText('Corrected later')).toBeInTheDocument();

    const back = screen.getByRole('article', { name: 'Appointments' });
    expect(within(back).getByText('Restored')).toBeInTheDocument();
    expect(within(back).getByText(/^Restored /)).toBeInTheDocument();
    expect(
      within(screen.getByRole('article', { name: 'Revalidation portal' })).getByText('Operational'),
    ).toBeInTheDocument();

    expect(screen.getByRole('link', { name: /Atom feed/ })).toHaveAttribute('href', '/status.atom');
    // No token went out, and nothing sent the reader to sign in.
    expect(server.calls.every((c) => c.authorization === null)).toBe(true);
    expect(router.state.location.pathname).toBe('/status');
  });

  it('says all services are operational when none is suspended', async () => {
    renderApp('/status', serverWith([listing(), restored]));
    expect(await screen.findByText('All services operational')).toBeInTheDocument();
  });

  it('says when no service is listed', async () => {
    renderApp('/status', serverWith([]));
    expect(await screen.findByText('No services are listed yet')).toBeInTheDocument();
  });

  it('says when the status cannot be read', async () => {
    renderApp(
      '/status',
      new FakeServer().on(STATUS, () =>
        problem(503, 'Service Unavailable', { detail: 'the database does not answer' }),
      ),
    );
    expect(await screen.findByText('The service status could not be loaded')).toBeInTheDocument();
  });

  it('is linked from the sign-in page', async () => {
    renderApp('/login', new FakeServer());
    expect(await screen.findByRole('link', { name: 'Service status' })).toHaveAttribute('href', '/status');
  });
});

describe('status wording', () => {
  const now = Date.parse('2026-12-05T09:00:00Z');
  it('counts the suspended services', () => {
    expect(overallLine([listing()]).text).toBe('All services operational');
    expect(overallLine([suspended, { ...suspended, public_name: 'x' }]).text).toBe('2 services suspended');
  });
  it('names the original promise only when it moved', () => {
    expect(promise(suspended, now)).toEqual({
      expected: 'Expected back 23 Dec',
      original: 'originally expected 28 Nov',
    });
    expect(promise({ ...suspended, baseline_restoration_at: '2026-12-23T08:00:00Z' }, now).original).toBeNull();
    expect(promise({ ...suspended, expected_restoration_at: null }, now)).toEqual({
      expected: 'No return date yet',
      original: 'originally expected 28 Nov',
    });
    expect(day('2027-03-01T12:00:00Z', now)).toBe('1 Mar 2027');
  });
  it('orders by state, keeping the name order within each', () => {
    const a = listing({ public_name: 'A' });
    const b = listing({ public_name: 'B', state: 'suspended' });
    const c = listing({ public_name: 'C' });
    expect(ordered([a, b, c]).map((s) => s.public_name)).toEqual(['B', 'A', 'C']);
  });
});
