import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json } from '../../test/fakeServer';
import { renderComponent } from '../../test/renderComponent';
import { NotificationBell } from './NotificationBell';

const ID = '0190a5f0-0000-7000-8000-0000000000a1';
const CASE = '0190a5f0-0000-7000-8000-0000000000c1';
const TITLE = 'Wyciek danych płacowych — تسرب بيانات الرواتب';

function bellServer() {
  let unread = 1;
  const server = new FakeServer()
    .on('GET /me/notifications/unread-count', () => json(200, { unread }))
    .on('GET /me/notifications', () =>
      json(200, {
        items: [
          {
            id: ID,
            event_id: '0190a5f0-0000-7000-8000-0000000000e1',
            kind: 'case.status_changed',
            case_id: CASE,
            case_reference: 'INC-2026-0007',
            case_title: TITLE,
            actor_name: 'Łucja Nowak',
            sentence: 'moved the case from Reported to Triage',
            occurred_at: new Date(Date.now() - 60_000).toISOString(),
            read_at: unread ? null : new Date().toISOString(),
          },
          {
            id: '0190a5f0-0000-7000-8000-0000000000a2',
            event_id: '0190a5f0-0000-7000-8000-0000000000e2',
            kind: 'webhook.disabled',
            case_id: null,
            case_reference: null,
            case_title: null,
            actor_name: 'Caseward',
            sentence: 'Webhook disabled',
            occurred_at: new Date(Date.now() - 120_000).toISOString(),
            read_at: new Date().toISOString(),
          },
        ],
        next_cursor: null,
      }),
    )
    .on(`POST /me/notifications/${ID}/read`, () => {
      unread = 0;
      return new Response(null, { status: 204 });
    });
  return server;
}

describe('the bell', () => {
  it('says how many are unread, lists them with their case and its title, and marks one read', async () => {
    const server = bellServer();
    renderComponent(<NotificationBell />, server);
    const user = userEvent.setup();
    const bell = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    await user.click(bell);
    const list = await screen.findByRole('list', { name: 'Notifications' });
    expect(within(list).getByText(/Łucja Nowak moved the case from Reported to Triage/)).toBeInTheDocument();
    expect(within(list).getByText('INC-2026-0007').closest('a')).toHaveAttribute('href', `/cases/${CASE}`);
    const [aboutCase, aboutNoCase] = within(list).getAllByTestId('notification');
    // The title follows the reference, set apart for its own direction (Arabic inside an English line).
    expect(within(aboutCase!).getByText(TITLE)).toHaveAttribute('dir', 'auto');
    expect(aboutCase).toHaveTextContent(new RegExp(`INC-2026-0007\\s*${TITLE}`));
    expect(aboutNoCase).toHaveTextContent('Webhook disabled');
    expect(within(aboutNoCase!).queryByRole('link')).toBeNull();
    await user.click(within(list).getByText('Mark read'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Notifications, none unread' })).toBeInTheDocument());
    expect(server.count(`POST /me/notifications/${ID}/read`)).toBe(1);
  });
});
