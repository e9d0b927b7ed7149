import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { MyWork, User } from '../../api/types';
import { dashboardItem } from '../../components/restoration/testing';
import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderComponent } from '../../test/renderComponent';
import { sampleCase, userWithRole } from '../../test/signedIn';
import { OverviewPage } from './OverviewPage';

const nothing: MyWork = {
  role: 'responder',
  open_cases: null,
  regulator_clocks: null,
  held_evidence: null,
  assigned_tasks: null,
  suspended_services: null,
  recent_exports: null,
  audit_chain: null,
  setup: null,
  generated_at: '2026-03-05T09:00:00Z',
};

const soon = new Date(Date.now() + 3 * 3_600_000).toISOString();

function render(user: User, work: Partial<MyWork>) {
  const server = new FakeServer()
    .on('GET /me', () => json(200, user))
    .on('GET /me/work', () => json(200, { ...nothing, role: user.role, ...work }));
  return renderComponent(<OverviewPage />, server, { user });
}

const section = async (name: string) => screen.findByRole('region', { name });

describe('OverviewPage: My work', () => {
  it("shows a responder's open cases, clocks and evidence, each linking to its page, and no other role's sections", async () => {
    const due = sampleCase({
      id: 'c-due',
      reference: 'INC-2026-0042',
      title: 'Leaked spreadsheet',
      personal_data_involved: true,
      regulator_status: 'due',
      regulator_notification_due_at: soon,
    });
    render(userWithRole('responder'), {
      open_cases: { items: [due], more: 3, more_capped: false },
      regulator_clocks: { items: [due], more: 0, more_capped: false },
      held_evidence: {
        items: [
          {
            evidence_id: 'e-1',
            title: 'Firewall logs',
            kind: 'log',
            case_id: 'c-due',
            case_reference: 'INC-2026-0042',
            case_title: 'Leaked spreadsheet',
            held_since: '2026-03-05T08:00:00Z',
          },
        ],
        more: 0,
        more_capped: false,
      },
    });
    const open = await section('My open cases');
    expect(within(open).getByRole('link', { name: 'INC-2026-0042 · Leaked spreadsheet' })).toHaveAttribute(
      'href',
      '/cases/c-due',
    );
    expect(within(open).getByText('4')).toBeInTheDocument();
    expect(within(open).getByRole('link', { name: '3 more: all cases' })).toHaveAttribute('href', '/cases');
    const clocks = screen.getByRole('region', { name: 'Regulator clocks: next 24 hours' });
    expect(within(clocks).getByTestId('regulator-deadline')).toHaveTextContent(/due in/i);
    const evidence = screen.getByRole('region', { name: 'Evidence you hold' });
    expect(within(evidence).getByRole('link', { name: 'Firewall logs' })).toHaveAttribute(
      'href',
      '/cases/c-due?tab=evidence',
    );
    expect(screen.queryByRole('region', { name: /suspended services/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Recent exports' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /Set up Caseward/ })).not.toBeInTheDocument();
    expect(screen.queryByText('This release')).not.toBeInTheDocument();
  });

  it('says what to do when a responder has nothing', async () => {
    const empty = { items: [], more: 0, more_capped: false };
    render(userWithRole('responder'), { open_cases: empty, regulator_clocks: empty, held_evidence: empty });
    expect(await section('My open cases')).toHaveTextContent(/You own no open case/);
    expect(screen.getByRole('region', { name: 'Regulator clocks: next 24 hours' })).toHaveTextContent(
      /No regulator notification falls due in the next 24 hours/,
    );
    expect(screen.getByRole('region', { name: 'Evidence you hold' })).toHaveTextContent(/You hold no evidence/);
  });

  it("shows a department head's suspended services with their planned restoration and slip", async () => {
    render(userWithRole('department_head'), {
      suspended_services: {
        items: [
          dashboardItem(
            {
              service_id: 's-pay',
              plan_status: 'slipping',
              slipping: true,
              expected_restoration_at: '2026-03-22T17:00:00Z',
            },
            { service_name: 'Payroll', case_reference: 'INC-2026-0007' },
          ),
        ],
        more: 92,
        more_capped: true,
      },
    });
    const list = await section("Your department's suspended services");
    expect(within(list).getByRole('link', { name: 'Payroll' })).toHaveAttribute('href', '/services/s-pay');
    expect(within(list).getByText(/planned back 22 Mar 2026/)).toBeInTheDocument();
    expect(within(list).getByText('Slipping')).toBeInTheDocument();
    expect(within(list).getByRole('link', { name: /92\+ more/ })).toHaveAttribute('href', '/restoration');
    expect(screen.queryByRole('region', { name: 'My open cases' })).not.toBeInTheDocument();
  });

  it("shows an auditor's recent exports and the chain's last verification, without walking it", async () => {
    const { requests } = render(userWithRole('auditor'), {
      recent_exports: {
        items: [
          {
            seq: 91,
            kind: 'case',
            occurred_at: '2026-03-05T08:00:00Z',
            actor_id: 'u-1',
            actor_email: 'ann@example.org',
            actor_name: 'Ann Admin',
            case_id: 'c-7',
            case_reference: 'INC-2026-0007',
          },
          {
            seq: 95,
            kind: 'audit',
            occurred_at: '2026-03-05T08:30:00Z',
            actor_id: null,
            actor_email: 'ann@example.org',
            actor_name: '',
            case_id: null,
            case_reference: '',
          },
        ],
        more: 0,
        more_capped: false,
      },
      audit_chain: {
        last_verified_at: '2026-03-05T07:00:00Z',
        last_verified_by_id: null,
        valid: true,
        checked: 90,
        first_invalid_seq: null,
        latest_seq: 95,
      },
    });
    const exports = await section('Recent exports');
    expect(within(exports).getByRole('link', { name: 'INC-2026-0007 exported by Ann Admin' })).toHaveAttribute(
      'href',
      '/cases/c-7',
    );
    expect(within(exports).getByRole('link', { name: 'Audit log exported by ann@example.org' })).toHaveAttribute(
      'href',
      '/audit',
    );
    const chain = screen.getByRole('region', { name: 'The audit chain' });
    expect(chain).toHaveTextContent(/90 events verified/);
    expect(chain).toHaveTextContent(/5 recorded since, not yet verified/);
    expect(within(chain).getByRole('link', { name: /Verify now/ })).toHaveAttribute('href', '/audit');
    expect(requests.some((r) => r.url.includes('/audit/verify'))).toBe(false);
  });

  it('shows an admin the set-up checklist, ticking what exists, with links to the admin pages', async () => {
    const empty = { items: [], more: 0, more_capped: false };
    render(userWithRole('admin'), {
      open_cases: empty,
      regulator_clocks: empty,
      held_evidence: empty,
      setup: { departments: true, services: false, users: false },
    });
    const setup = await section('Set up Caseward: 1 of 3 done');
    const links = within(setup).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/admin/departments', '/services', '/admin/users']);
    expect(within(setup).getAllByLabelText('Done')).toHaveLength(1);
    expect(within(setup).getAllByLabelText('To do')).toHaveLength(2);
  });

  it('says so when the work cannot be loaded', async () => {
    const user = userWithRole('responder');
    const server = new FakeServer()
      .on('GET /me', () => json(200, user))
      .on('GET /me/work', () => problem(500, 'Internal Server Error'));
    renderComponent(<OverviewPage />, server, { user });
    expect(await screen.findByText('Your work could not be loaded')).toBeInTheDocument();
  });
});
