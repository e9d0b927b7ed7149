import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { DASHBOARD_REFRESH_MS } from '../../components/restoration/queries';
import { dashboardItem, milestone, renderSignedIn } from '../../components/restoration/testing';
import type { DashboardItem } from '../../components/restoration/types';
import { FakeServer, json, problem, testUser } from '../../test/fakeServer';
import { RestorationDashboardPage } from './RestorationDashboardPage';

const DASHBOARD = 'GET /dashboard/restoration';
const departmentHead = { ...testUser, role: 'department_head' as const, name: 'Grace Hopper' };
const GENERATED_AT = '2026-03-05T09:00:00Z';

function serverWith(items: DashboardItem[]) {
  return new FakeServer().on(DASHBOARD, () => json(200, { items, generated_at: GENERATED_AT }));
}

const render = (server: FakeServer) =>
  renderSignedIn(<RestorationDashboardPage />, server, { user: departmentHead, path: '/restoration' });

const card = (name: string) => screen.getByRole('article', { name });

describe('RestorationDashboardPage', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says so when no service is suspended', async () => {
    render(serverWith([]));
    expect(await screen.findByText('No service is suspended')).toBeInTheDocument();
    expect(screen.queryByTestId('downtime-chart')).not.toBeInTheDocument();
  });

  it('shows active suspensions worst first, then the recently restored with their downtime', async () => {
    render(
      serverWith([
        dashboardItem(
          {
            id: 'r',
            service_id: 's-r',
            status: 'restored',
            restored_at: '2026-03-03T09:00:00Z',
            downtime_seconds: 2 * 86_400 + 3_600,
          },
          { service_name: 'Payroll' },
        ),
        dashboardItem({ id: 'ok', service_id: 's-ok', days_suspended: 9 }, { service_name: 'Library Catalogue' }),
        dashboardItem(
          {
            id: 'late',
            service_id: 's-late',
            overdue_milestones: 1,
            milestones_done: 1,
            milestones_total: 3,
            plan_status: 'at_risk',
          },
          {
            service_name: 'Revalidation Toolkit',
            next_milestone: milestone({ title: 'Supplier fix', due_at: '2026-03-02T17:00:00Z', overdue: true }),
          },
        ),
        dashboardItem(
          {
            id: 'slip',
            service_id: 's-slip',
            slipping: true,
            plan_status: 'slipping',
            projected_restoration_at: '2026-03-28T17:00:00Z',
            baseline_restoration_at: '2026-03-01T17:00:00Z',
            expected_restoration_at: '2026-12-23T17:00:00Z',
            replan_count: 2,
          },
          { service_name: 'Patient Portal' },
        ),
      ]),
    );

    const active = within(await screen.findByRole('region', { name: /Suspended now/ }));
    expect(active.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Patient Portal',
      'Revalidation Toolkit',
      'Library Catalogue',
    ]);
    expect(card('Patient Portal')).toHaveAttribute('data-health', 'red');
    expect(within(card('Patient Portal')).getByText('Slipping')).toBeInTheDocument();
    expect(within(card('Patient Portal')).getByText('promised 1 Mar, now 23 Dec, moved 2×')).toBeInTheDocument();
    expect(within(card('Revalidation Toolkit')).getByText('At risk')).toBeInTheDocument();
    expect(within(card('Revalidation Toolkit')).getByText('promised 22 Mar')).toBeInTheDocument();
    expect(card('Revalidation Toolkit')).toHaveAttribute('data-health', 'orange');
    expect(within(card('Revalidation Toolkit')).getByText('1 of 3 milestones done')).toBeInTheDocument();
    expect(within(card('Revalidation Toolkit')).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '33');
    expect(within(card('Revalidation Toolkit')).getByText(/overdue since 2 Mar 2026/)).toBeInTheDocument();
    expect(card('Library Catalogue')).toHaveAttribute('data-health', 'blue');
    expect(within(card('Library Catalogue')).getByText('9 days')).toBeInTheDocument();

    const restored = within(screen.getByRole('region', { name: /Restored in the last 30 days/ }));
    expect(restored.getByRole('heading', { level: 3 })).toHaveTextContent('Payroll');
    expect(within(card('Payroll')).getByText('2 d 1 h')).toBeInTheDocument();
    expect(card('Payroll')).toHaveAttribute('data-health', 'restored');

    expect(screen.getByTestId('downtime-chart')).toBeInTheDocument();
    expect(screen.getByTestId('downtime-chart')).toHaveAttribute('data-scale', 'log');
    expect(within(screen.getByTestId('downtime-chart')).getByRole('link', { name: 'Payroll' })).toHaveAttribute(
      'href',
      '/services/s-r',
    );

    // Slipping and at risk first, counted above the cards.
    expect(screen.getByRole('list', { name: /Plan status/ })).toHaveTextContent('1 slipping1 at risk1 on track');
    // Every service name opens the service's page.
    expect(within(card('Patient Portal')).getByRole('link', { name: 'Patient Portal' })).toHaveAttribute(
      'href',
      '/services/s-slip',
    );

    // The timeline across services: a bar per suspension, worst first, restored last, with the
    // baseline ticked, the expected date marked, today drawn, and the same in words.
    const timeline = screen.getByTestId('services-timeline');
    expect([...timeline.querySelectorAll('g[data-service]')].map((g) => g.getAttribute('data-service'))).toEqual([
      'Patient Portal',
      'Revalidation Toolkit',
      'Library Catalogue',
      'Payroll',
    ]);
    const portal = timeline.querySelector('g[data-service="Patient Portal"]')!;
    expect(portal.getAttribute('data-health')).toBe('slipping');
    expect(portal.querySelector('[data-part="baseline"]')).not.toBeNull();
    // Its expected date (23 Dec) is beyond the window's 150 days ahead: not drawn; the toolkit's is.
    expect(portal.querySelector('[data-part="expected"]')).toBeNull();
    expect(timeline.querySelector('g[data-service="Revalidation Toolkit"] [data-part="expected"]')).not.toBeNull();
    expect(timeline.querySelector('[data-marker="today"]')).not.toBeNull();
    expect(timeline.querySelector('title')?.textContent).toMatch(
      /Patient Portal: down since .*first promised 1 Mar 2026, slipping/,
    );
    const words = screen.getByTestId('services-timeline-text');
    expect(within(words).getByRole('link', { name: 'Payroll' })).toHaveAttribute('href', '/services/s-r');
    expect(words).toHaveTextContent(/Payroll: down since .*restored 3 Mar 2026, restored/);
  });

  it('links each card to its case', async () => {
    render(serverWith([dashboardItem({ case_id: 'case-7' }, { case_reference: 'INC-2026-0007' })]));
    expect(await screen.findByRole('link', { name: 'INC-2026-0007' })).toHaveAttribute('href', '/cases/case-7');
  });

  it('asks again every 30 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const server = serverWith([dashboardItem()]);
    render(server);
    expect(await screen.findByRole('article', { name: 'Revalidation Toolkit' })).toBeInTheDocument();
    expect(server.count(DASHBOARD)).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(DASHBOARD_REFRESH_MS + 100));
    await waitFor(() => expect(server.count(DASHBOARD)).toBe(2));
  });

  it('shows an error with a retry when the dashboard cannot load', async () => {
    render(
      new FakeServer().on(DASHBOARD, () =>
        problem(500, 'Internal Server Error', { detail: 'The server could not answer.' }),
      ),
    );
    expect(await screen.findByText('The dashboard could not be loaded')).toBeInTheDocument();
    expect(screen.getByText('The server could not answer.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
