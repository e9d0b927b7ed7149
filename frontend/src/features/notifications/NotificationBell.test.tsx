import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
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
    const list = await screen.findByRole('list', { name: 'Notifications', hidden: true });
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

  it('reaches older notifications a page at a time, focusing the first of each page', async () => {
    const server = olderServer(25);
    renderComponent(<NotificationBell />, server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications, 25 unread' }));
    const list = await screen.findByRole('list', { name: 'Notifications', hidden: true });
    expect(within(list).getAllByTestId('notification')).toHaveLength(20);
    expect(within(list).queryByText('INC-2026-0005')).toBeNull(); // the 21st newest

    await user.click(screen.getByRole('button', { name: 'Load more notifications', hidden: true }));
    await waitFor(() => expect(within(list).getAllByTestId('notification')).toHaveLength(25));
    const items = within(list).getAllByTestId('notification');
    expect(items[20]).toHaveTextContent('INC-2026-0005');
    expect(items[24]).toHaveTextContent('INC-2026-0001');
    await waitFor(() => expect(items[20]).toHaveFocus());
    expect(screen.getByText('25 notifications — that is all')).toBeInTheDocument();
    const reads = server.calls.filter((c) => c.path === '/me/notifications');
    expect(reads.map((c) => [c.query.get('limit'), c.query.get('cursor')])).toEqual([
      ['20', null],
      ['20', 'after-20'],
    ]);
  });

  it('opens on the newest page again, reading only that page', async () => {
    const server = olderServer(45);
    renderComponent(<NotificationBell />, server);
    const user = userEvent.setup();
    const bell = await screen.findByRole('button', { name: 'Notifications, 45 unread' });
    await user.click(bell);
    await user.click(await screen.findByRole('button', { name: 'Load more notifications', hidden: true }));
    await waitFor(() => expect(screen.getAllByTestId('notification')).toHaveLength(40));
    await user.click(bell); // closed
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Notifications', hidden: true })).toBeNull());
    const before = server.count('GET /me/notifications');

    await user.click(bell);
    const list = await screen.findByRole('list', { name: 'Notifications', hidden: true });
    await waitFor(() => expect(server.count('GET /me/notifications')).toBe(before + 1));
    expect(within(list).getAllByTestId('notification')).toHaveLength(20);
    expect(server.calls.at(-1)?.query.get('cursor')).toBeNull();
    expect(screen.getByRole('button', { name: 'Load more notifications', hidden: true })).toBeInTheDocument();
  });

  it('says when older notifications could not be loaded, and keeps the ones shown', async () => {
    const server = olderServer(25);
    server.on('GET /me/notifications', (call) =>
      call.query.get('cursor') ? problem(503, 'Service Unavailable') : json(200, notificationPage(25, call.query)),
    );
    renderComponent(<NotificationBell />, server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications, 25 unread' }));
    await user.click(await screen.findByRole('button', { name: 'Load more notifications', hidden: true }));
    expect(await screen.findByRole('alert', { hidden: true })).toHaveTextContent(
      'Older notifications could not be loaded.',
    );
    expect(screen.getAllByTestId('notification')).toHaveLength(20);
    expect(screen.getByRole('button', { name: 'Load more notifications', hidden: true })).toBeEnabled();
  });
});

/** notificationPage answers GET /me/notifications over total notifications, newest (highest number) first. */
function notificationPage(total: number, query: URLSearchParams) {
  const limit = Number(query.get('limit') ?? 50);
  const after = Number(query.get('cursor')?.replace('after-', '') ?? 0);
  const numbers = Array.from({ length: total }, (_, i) => total - i).slice(after, after + limit);
  return {
    items: numbers.map((k) => ({
      id: `0190a5f0-0000-7000-8000-${String(k).padStart(12, '0')}`,
      event_id: `0190a5f0-0000-7000-9000-${String(k).padStart(12, '0')}`,
      kind: 'case.created',
      case_id: CASE,
      case_reference: `INC-2026-${String(k).padStart(4, '0')}`,
      actor_name: 'Administrator',
      sentence: `opened case ${k}`,
      occurred_at: new Date(Date.now() - (total - k + 1) * 60_000).toISOString(),
      read_at: null,
    })),
    next_cursor: after + limit < total ? `after-${after + limit}` : null,
  };
}

function olderServer(total: number) {
  return new FakeServer()
    .on('GET /me/notifications/unread-count', () => json(200, { unread: total }))
    .on('GET /me/notifications', (call) => json(200, notificationPage(total, call.query)));
}
