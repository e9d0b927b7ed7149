import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { milestone, renderSignedIn, suspension } from '../../components/restoration/testing';
import { FakeServer, json } from '../../test/fakeServer';
import { ReplanHistory } from './ReplanHistory';

const planner = '0190a5f0-0000-7000-8000-0000000000c1';

describe('ReplanHistory', () => {
  it('is not there while no date has moved', () => {
    renderSignedIn(
      <ReplanHistory suspension={suspension({ replan_count: 0, milestones: [milestone()] })} />,
      new FakeServer(),
    );
    expect(screen.queryByRole('button', { name: 'Why the dates moved' })).not.toBeInTheDocument();
  });

  it('lists every move with its reason and who made it, read only when opened', async () => {
    const user = userEvent.setup();
    const s = suspension({ replan_count: 1, milestones: [milestone({ id: 'm1', title: 'Supplier fix' })] });
    const server = new FakeServer()
      .on(`GET /suspensions/${s.id}/replans`, () =>
        json(200, {
          items: [
            {
              id: 'r1',
              kind: 'suspension',
              milestone_id: null,
              from: '2026-03-01T17:00:00Z',
              to: '2026-03-22T17:00:00Z',
              reason: 'Dostawca potrzebuje tygodnia',
              by_id: planner,
              at: '2026-02-25T10:00:00Z',
            },
            {
              id: 'r2',
              kind: 'milestone',
              milestone_id: 'm1',
              from: '2026-02-27T17:00:00Z',
              to: '2026-03-15T17:00:00Z',
              reason: 'Patch delayed',
              by_id: planner,
              at: '2026-02-26T10:00:00Z',
            },
          ],
          next_cursor: null,
        }),
      )
      .on(`GET /cases/${s.case_id}/people`, () => json(200, { items: [{ id: planner, name: 'Łucja Kowalska' }] }));
    renderSignedIn(<ReplanHistory suspension={s} />, server);
    expect(server.count(`GET /suspensions/${s.id}/replans`)).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Why the dates moved' }));
    const items = await screen.findAllByTestId('replan');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(/Expected restoration: 1 Mar 2026.*→ 22 Mar 2026/);
    expect(items[0]).toHaveTextContent('Dostawca potrzebuje tygodnia');
    expect(items[1]).toHaveTextContent(/Supplier fix: 27 Feb 2026.*→ 15 Mar 2026/);
    expect(await screen.findAllByText(/Łucja Kowalska/)).toHaveLength(2);
  });
});
