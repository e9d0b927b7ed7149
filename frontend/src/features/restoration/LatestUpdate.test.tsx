import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { dashboardItem, renderSignedIn, suspensionUpdate } from '../../components/restoration/testing';
import { FakeServer } from '../../test/fakeServer';
import { DashboardCard } from './DashboardCard';

describe('LatestUpdate on the dashboard card', () => {
  it('shows the newest update with its audience, author and time', async () => {
    const at = new Date(Date.now() - 2 * 3600_000).toISOString();
    const item = dashboardItem(
      {},
      {
        latest_update: suspensionUpdate({
          audience: 'public',
          body: 'Back on Friday.',
          author_name: 'Grace Hopper',
          at,
        }),
      },
    );
    renderSignedIn(<DashboardCard item={item} />, new FakeServer());
    const latest = await screen.findByTestId('latest-update');
    expect(latest).toHaveTextContent('Back on Friday.');
    expect(latest).toHaveTextContent('Public');
    expect(latest).toHaveTextContent('Grace Hopper');
    expect(latest).toHaveTextContent('2 hours ago');
  });

  it('shows nothing when the suspension has no update', async () => {
    renderSignedIn(<DashboardCard item={dashboardItem()} />, new FakeServer());
    expect(await screen.findByRole('article')).toBeInTheDocument();
    expect(screen.queryByTestId('latest-update')).not.toBeInTheDocument();
  });
});
