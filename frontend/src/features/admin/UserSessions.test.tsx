import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { SignInSession } from '../../api/types';
import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../test/signedIn';

const admin = userWithRole('admin', { name: 'Ada Admin', email: 'ada@example.org' });
const bob = userWithRole('responder', {
  id: '0190a5f0-0000-7000-8000-0000000000b0',
  name: 'Bob Responder',
  email: 'bob@example.org',
  version: 3,
});

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

const laptop: SignInSession = {
  id: '0190a5f0-0000-7000-8000-00000000e101',
  created_at: '2026-03-02T09:05:00Z',
  last_used_at: '2026-03-03T08:00:00Z',
  ip: '192.0.2.10',
  user_agent: FIREFOX,
  current: false,
};
const phone: SignInSession = { ...laptop, id: '0190a5f0-0000-7000-8000-00000000e102', user_agent: IPHONE, ip: '' };

function server(initial: SignInSession[]) {
  let items = [...initial];
  const s = new FakeServer()
    .on('GET /users', () => json(200, { items: [admin, bob], next_cursor: null }))
    .on(`GET /users/${bob.id}`, () => json(200, bob, { ETag: `"${bob.version}"` }))
    .on(`GET /users/${bob.id}/sessions`, () => json(200, { items }));
  for (const one of initial) {
    s.on(`POST /sessions/${one.id}/end`, () => {
      if (!items.some((i) => i.id === one.id)) return problem(404, 'Not Found');
      items = items.filter((i) => i.id !== one.id);
      return new Response(null, { status: 204 });
    });
  }
  return s;
}

async function openDrawer(s: FakeServer) {
  renderSignedIn('/admin/users', s, admin);
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Edit bob@example.org' }));
  const drawer = await screen.findByRole('dialog', { name: 'Edit user' });
  const part = await within(drawer).findByRole('region', { name: 'Sessions' });
  return { user, part };
}

describe("a user's sessions in the edit drawer", () => {
  it('lists the live sessions with device, address and last active', async () => {
    const { part } = await openDrawer(server([laptop, phone]));
    const rows = await within(part).findAllByTestId('user-session');
    expect(rows).toHaveLength(2);
    expect(within(part).getByTestId('session-count')).toHaveTextContent('2 live sessions');
    expect(rows[0]).toHaveTextContent('Firefox on Linux');
    expect(rows[0]).toHaveTextContent('192.0.2.10');
    expect(rows[0]).toHaveTextContent('Last active');
    expect(rows[1]).toHaveTextContent('Safari on iPhone');
    expect(rows[1]).toHaveTextContent('Not recorded');
  });

  it('offers no End on my own sign-in here: that is the usual sign-out', async () => {
    const { part } = await openDrawer(server([{ ...laptop, current: true }, phone]));
    const rows = await within(part).findAllByTestId('user-session');
    expect(rows[0]).toHaveTextContent('This device');
    expect(within(rows[0] as HTMLElement).queryByRole('button', { name: /^End/ })).toBeNull();
    expect(within(rows[1] as HTMLElement).getByRole('button', { name: /^End Safari on iPhone/ })).toBeInTheDocument();
  });

  it('says when there are none', async () => {
    const { part } = await openDrawer(server([]));
    expect(await within(part).findByText('No live sessions')).toBeInTheDocument();
    expect(within(part).queryByRole('button', { name: /^End/ })).toBeNull();
  });

  it('ends one after a confirmation, with POST /sessions/{id}/end, and refreshes the list', async () => {
    const s = server([laptop, phone]);
    const { user, part } = await openDrawer(s);
    await user.click(await within(part).findByRole('button', { name: /^End Safari on iPhone/ }));
    const dialog = await screen.findByRole('dialog', { name: 'End the session' });
    expect(dialog).toHaveTextContent('End Bob Responder’s session on Safari on iPhone');
    await user.click(within(dialog).getByRole('button', { name: 'End session' }));

    await waitFor(() => expect(s.count(`POST /sessions/${phone.id}/end`)).toBe(1));
    await waitFor(() => expect(within(part).getAllByTestId('user-session')).toHaveLength(1));
    expect(within(part).getByTestId('session-count')).toHaveTextContent('1 live session');
    expect(s.count(`POST /sessions/${laptop.id}/end`)).toBe(0);
  });

  it('refreshes with a notice when the session had already ended (404)', async () => {
    const s = server([laptop]).on(`POST /sessions/${laptop.id}/end`, () => problem(404, 'Not Found'));
    const { user, part } = await openDrawer(s);
    await user.click(await within(part).findByRole('button', { name: /^End Firefox on Linux/ }));
    const dialog = await screen.findByRole('dialog', { name: 'End the session' });
    const before = s.count(`GET /users/${bob.id}/sessions`);
    await user.click(within(dialog).getByRole('button', { name: 'End session' }));

    expect(await within(part).findByRole('status')).toHaveTextContent('That sign-in had already ended');
    await waitFor(() => expect(s.count(`GET /users/${bob.id}/sessions`)).toBeGreaterThan(before));
  });
});
