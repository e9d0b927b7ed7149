import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { milestone, renderSignedIn } from '../../components/restoration/testing';
import { FakeServer, json } from '../../test/fakeServer';
import { MilestonePlan } from './MilestonePlan';
import { SuspensionCaseContext } from './mutations';

const realMatchMedia = window.matchMedia;

/** onPhone makes every max-width media query match, as on a 390 px screen. */
function onPhone() {
  window.matchMedia = (query: string) => ({ ...realMatchMedia(query), matches: query.includes('max-width') });
}

const plan = [
  milestone({ id: 'm1', title: 'Isolate affected hosts', position: 1, overdue: true, due_at: '2026-03-02T17:00:00Z' }),
  milestone({ id: 'm2', title: 'Forensic image', position: 2, status: 'in_progress' }),
];

describe('MilestonePlan', () => {
  afterEach(() => {
    window.matchMedia = realMatchMedia;
  });

  it('is a table on a wide screen', () => {
    renderSignedIn(<MilestonePlan suspensionId="s1" milestones={plan} editable />, new FakeServer());
    expect(screen.getByRole('table', { name: 'Restoration milestones' })).toBeInTheDocument();
  });

  it("names each step's owner from the case's people, for any role that may see the case", async () => {
    const owner = '0190a5f0-0000-7000-8000-0000000000b7';
    const server = new FakeServer().on('GET /cases/case-1/people', () => json(200, { items: [{ id: owner, name: 'Łucja Kowalska' }] }));
    renderSignedIn(
      <SuspensionCaseContext.Provider value={{ caseId: 'case-1' }}>
        <MilestonePlan suspensionId="s1" milestones={[{ ...plan[0]!, owner_id: owner }, plan[1]!]} editable={false} />
      </SuspensionCaseContext.Provider>,
      server,
    );
    expect(await screen.findByText('Owner: Łucja Kowalska')).toBeInTheDocument();
    expect(screen.getAllByTestId('milestone-owner')).toHaveLength(1);
  });

  it('is a list on a phone, each step with its due date, status and order controls, no table to scroll', () => {
    onPhone();
    renderSignedIn(<MilestonePlan suspensionId="s1" milestones={plan} editable />, new FakeServer());
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Restoration milestones' });
    const steps = within(list).getAllByRole('listitem');
    expect(steps).toHaveLength(2);
    expect(steps[0]).toHaveTextContent(/1\.Isolate affected hostsOverdue/);
    expect(steps[0]).toHaveTextContent(/Due 2 Mar 2026/);
    expect(within(steps[1]!).getByLabelText('Status of Forensic image')).toHaveValue('in_progress');
    expect(within(steps[1]!).getByRole('button', { name: 'Move Forensic image up' })).toBeEnabled();
    expect(within(steps[1]!).getByRole('button', { name: 'Move Forensic image down' })).toBeDisabled();
  });
});
