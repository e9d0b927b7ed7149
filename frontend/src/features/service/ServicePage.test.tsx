import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { DEPARTMENT_ID, SERVICE_ID, renderSignedIn } from '../../components/restoration/testing';
import { FakeServer, json, problem, testUser } from '../../test/fakeServer';
import { ServicePage, ServiceView } from './ServicePage';
import type { DayAvailability, ServiceHistory, ServiceSuspension } from './types';

const HISTORY = `GET /services/${SERVICE_ID}/history`;
const departmentHead = { ...testUser, role: 'department_head' as const };

/** ninetyDays ends on 5 Dec 2026, every day up unless named. */
function ninetyDays(named: Record<string, Pick<DayAvailability, 'state' | 'down_seconds'>> = {}): DayAvailability[] {
  const last = Date.UTC(2026, 11, 5);
  return Array.from({ length: 90 }, (_, i) => {
    const date = new Date(last - (89 - i) * 86_400_000).toISOString().slice(0, 10);
    return { date, state: 'up', down_seconds: 0, ...named[date] };
  });
}

function suspension(overrides: Partial<ServiceSuspension> = {}): ServiceSuspension {
  return {
    id: '0190a5f0-0000-7000-8000-0000000000a1',
    case_id: '0190a5f0-0000-7000-8000-0000000000c1',
    case_reference: 'INC-2026-0007',
    status: 'restored',
    suspended_at: '2026-11-01T06:00:00Z',
    baseline_restoration_at: '2026-11-10T00:00:00Z',
    expected_restoration_at: '2026-11-20T00:00:00Z',
    restored_at: '2026-11-21T00:00:00Z',
    projected_restoration_at: '2026-11-21T00:00:00Z',
    plan_status: 'restored',
    replan_count: 1,
    slip_seconds: 11 * 86_400,
    downtime_seconds: 19 * 86_400 + 18 * 3_600,
    ...overrides,
  };
}

function history(overrides: Partial<ServiceHistory> = {}): ServiceHistory {
  return {
    service: {
      id: SERVICE_ID,
      name: 'Rejestr Usług Zdrowotnych',
      department_id: DEPARTMENT_ID,
      department_name: 'Clinical Systems',
      status: 'operational',
    },
    suspensions: [],
    hidden_suspensions: 0,
    omitted_suspensions: 0,
    downtime_by_month: [],
    availability: ninetyDays(),
    availability_90d_percent: 100,
    generated_at: '2026-12-05T12:00:00Z',
    ...overrides,
  };
}

const render = (body: ServiceHistory | Response, user = testUser) =>
  renderSignedIn(
    <ServiceView id={SERVICE_ID} />,
    new FakeServer().on(HISTORY, () => (body instanceof Response ? body : json(200, body))),
    { user },
  );

describe('ServicePage', () => {
  it('draws one bar per day, coloured by state, with the date and downtime in each label and the percentage beside', async () => {
    render(
      history({
        service: { ...history().service, status: 'suspended', public_name: 'Health register' },
        suspensions: [suspension()],
        downtime_by_month: [
          { month: '2026-11', seconds: 19 * 86_400 + 18 * 3_600 },
          { month: '2026-12', seconds: 0 },
        ],
        availability: ninetyDays({
          '2026-11-01': { state: 'partial', down_seconds: 18 * 3_600 },
          '2026-11-02': { state: 'down', down_seconds: 86_400 },
        }),
        availability_90d_percent: 77.94,
      }),
    );
    const bar = await screen.findByTestId('availability-bar');
    const days = within(bar).getAllByRole('listitem');
    expect(days).toHaveLength(90);
    expect(days[0]).toHaveAttribute('data-date', '2026-09-07');
    expect(days[89]).toHaveAttribute('data-date', '2026-12-05');
    expect(days.filter((d) => d.dataset.state === 'down')).toHaveLength(1);
    expect(days.filter((d) => d.dataset.state === 'partial')).toHaveLength(1);
    expect(within(bar).getByLabelText('1 Nov 2026: down 18 h')).toHaveAttribute('data-state', 'partial');
    expect(within(bar).getByLabelText('2 Nov 2026: down all day')).toHaveAttribute('data-state', 'down');
    expect(within(bar).getByLabelText('5 Dec 2026: no downtime')).toHaveAttribute('data-state', 'up');
    expect(screen.getByTestId('availability-percent')).toHaveTextContent('77.94% available');

    expect(screen.getByRole('heading', { level: 1, name: 'Rejestr Usług Zdrowotnych' })).toBeInTheDocument();
    expect(screen.getByTestId('service-state')).toHaveTextContent('Suspended');
    expect(screen.getByText(/Clinical Systems · on the public status page as “Health register”/)).toBeInTheDocument();

    const months = within(screen.getByTestId('monthly-downtime')).getAllByRole('listitem');
    expect(months.map((m) => m.getAttribute('aria-label'))).toEqual(['Nov 2026: 19 d 18 h', 'Dec 2026: no downtime']);

    const list = screen.getByRole('list', { name: 'Suspensions' });
    expect(within(list).getByRole('link', { name: 'INC-2026-0007' })).toHaveAttribute(
      'href',
      '/cases/0190a5f0-0000-7000-8000-0000000000c1',
    );
    expect(within(list).getByText('Promised')).toBeInTheDocument();
    expect(within(list).getByText('10 Nov 2026')).toBeInTheDocument();
    expect(within(list).getByText('21 Nov 2026')).toBeInTheDocument();
    expect(within(list).getByText('Back 11 d after the promise')).toBeInTheDocument();
    expect(within(list).getByTestId('suspension-downtime')).toHaveTextContent('19 d 18 h');
    expect(screen.queryByText('Never suspended')).not.toBeInTheDocument();
  });

  it('shows an empty state for a service never suspended, with a whole green bar', async () => {
    render(history());
    expect(await screen.findByText('Never suspended')).toBeInTheDocument();
    const days = within(screen.getByTestId('availability-bar')).getAllByRole('listitem');
    expect(days.every((d) => d.dataset.state === 'up')).toBe(true);
    expect(screen.getByTestId('availability-percent')).toHaveTextContent('100% available');
    expect(screen.queryByTestId('monthly-downtime')).not.toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Suspensions' })).not.toBeInTheDocument();
  });

  it('says how many suspensions are on cases the reader may not see, and that they still count', async () => {
    render(
      history({
        hidden_suspensions: 1,
        downtime_by_month: [{ month: '2026-12', seconds: 3_600 }],
        availability: ninetyDays({ '2026-12-01': { state: 'partial', down_seconds: 3_600 } }),
        availability_90d_percent: 99.95,
      }),
      departmentHead,
    );
    expect(await screen.findByTestId('hidden-suspensions')).toHaveTextContent(
      '1 suspension is on cases you may not see: not listed here, but counted in the figures above',
    );
    expect(screen.getByText('No suspension you may see.')).toBeInTheDocument();
    expect(screen.queryByText('Never suspended')).not.toBeInTheDocument();
  });

  it('caps a month that dwarfs the others and prints every value', async () => {
    render(
      history({
        suspensions: [suspension()],
        downtime_by_month: [
          { month: '2025-01', seconds: 600 * 86_400 },
          { month: '2025-02', seconds: 2 * 3_600 },
          { month: '2025-03', seconds: 0 },
          { month: '2025-04', seconds: 5 * 3_600 },
        ],
      }),
    );
    const list = await screen.findByTestId('monthly-downtime');
    const capped = within(list).getByRole('listitem', { name: 'Jan 2025: 600 d' });
    expect(capped).toHaveAttribute('data-capped', 'true');
    expect(within(list).getByRole('listitem', { name: 'Apr 2025: 5 h' })).not.toHaveAttribute('data-capped');
    expect(within(list).getByText('2 h')).toBeInTheDocument();
    expect(screen.getByText(/Striped bars are longer than the scale/)).toBeInTheDocument();
  });

  it('says so when the service does not exist or is not visible', async () => {
    render(problem(404, 'Not Found', { detail: 'service not found' }));
    expect(await screen.findByText('Service not found')).toBeInTheDocument();
  });

  it('treats an address that is no id as not found, without asking', async () => {
    const server = new FakeServer();
    renderSignedIn(<ServicePage />, server, { path: '/services/nope' });
    expect(await screen.findByText('Service not found')).toBeInTheDocument();
    expect(server.calls).toHaveLength(0);
  });
});
