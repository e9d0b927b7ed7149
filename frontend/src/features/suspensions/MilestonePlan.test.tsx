import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { milestone, renderSignedIn } from '../../components/restoration/testing';
import { FakeServer } from '../../test/fakeServer';
import { MilestonePlan } from './MilestonePlan';

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
