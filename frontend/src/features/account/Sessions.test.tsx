import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { SignInSession } from '../../api/types';
import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../test/signedIn';

const me = userWithRole('responder', { name: 'Rita Responder', email: 'rita@example.org' });

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

function session(n: number, overrides: Partial<SignInSession> = {}): SignInSession {
  return {
    id: `0190a5f0-0000-7000-8000-00000000e00${n}`,
    created_at: '2026-03-02T09:05:00Z',
    last_used_at: '2026-03-03T08:00:00Z',
    ip: `192.0.2.${n}`,
    user_agent: FIREFOX,
    current: false,
    ...overrides,
  };
}

const here = session(1, { current: true });
const phone = session(2, { user_agent: IPHONE });
const office = session(3, { user_agent: WINDOWS, ip: '2001:db8::5' });
const old = session(4, { user_agent: '', ip: '' });

/** A server holding the given sign-ins, ending them as asked. */
function sessionsServer(initial: SignInSession[]) {
  let items = [...initial];
  const server = new FakeServer().on('GET /me/sessions', () => json(200, { items }));
  for (const s of initial) {
    server.on(`POST /me/sessions/${s.id}/end`, () => {
      if (!items.some((i) => i.id === s.id)) return problem(404, 'Not Found');
      items = items.filter((i) => i.id !== s.id);
      return new Response(null, { status: 204 });
    });
  }
  return server;
}

async function section(server: FakeServer) {
  renderSignedIn('/account', server, me);
  const region = await screen.findByRole('region', { name: 'Where you are signed in' });
  const table = await within(region).findByRole('table', { name: 'Your sign-ins' });
  return { user: userEvent.setup(), region, table };
}

describe('where you are signed in, on the account page', () => {
  it('lists my sign-ins with readable devices, the raw text as a tooltip, and this device marked', async () => {
    const { table } = await section(sessionsServer([here, phone, office, old]));
    const rows = within(table).getAllByTestId('session-row');
    expect(rows).toHaveLength(4);

    expect(rows[0]).toHaveTextContent('Firefox on Linux');
    expect(rows[0]).toHaveTextContent('This device');
    expect(rows[0]).toHaveTextContent('192.0.2.1');
    expect(within(rows[0] as HTMLElement).getByText('Firefox on Linux')).toHaveAttribute('title', FIREFOX);
    expect(within(rows[0] as HTMLElement).getByRole('button', { name: 'Sign out here' })).toBeInTheDocument();

    expect(rows[1]).toHaveTextContent('Safari on iPhone');
    expect(rows[1]).not.toHaveTextContent('This device');
    expect(rows[2]).toHaveTextContent('Chrome on Windows');
    expect(rows[2]).toHaveTextContent('2001:db8::5');
    expect(rows[3]).toHaveTextContent('Unknown device (signed in before devices were recorded)');
    expect(rows[3]).toHaveTextContent('Not recorded');
  });

  it('signs out another device after a confirmation, with POST /me/sessions/{id}/end, and refreshes', async () => {
    const server = sessionsServer([here, phone]);
    const { user, region, table } = await section(server);
    const before = server.count('GET /me/sessions');
    await user.click(within(table).getByRole('button', { name: /^Sign out Safari on iPhone/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign out that device' });
    expect(dialog).toHaveTextContent('Sign out Safari on iPhone at 192.0.2.2');
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(server.count(`POST /me/sessions/${phone.id}/end`)).toBe(1));
    await waitFor(() => expect(within(table).getAllByTestId('session-row')).toHaveLength(1));
    expect(server.count('GET /me/sessions')).toBeGreaterThan(before);
    expect(server.count(`POST /me/sessions/${here.id}/end`)).toBe(0);
    // With no other sign-in left, there is nothing to sign out everywhere else.
    expect(within(region).queryByRole('button', { name: 'Sign out everywhere else' })).toBeNull();
  });

  it('says so and refreshes when the sign-in had already ended (404)', async () => {
    const server = sessionsServer([here, phone]).on(`POST /me/sessions/${phone.id}/end`, () =>
      problem(404, 'Not Found'),
    );
    const { user, region, table } = await section(server);
    await user.click(within(table).getByRole('button', { name: /^Sign out Safari on iPhone/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign out that device' });
    const before = server.count('GET /me/sessions');
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));

    expect(await within(region).findByRole('status')).toHaveTextContent('That sign-in had already ended');
    await waitFor(() => expect(server.count('GET /me/sessions')).toBeGreaterThan(before));
    expect(within(region).queryByRole('alert')).toBeNull();
  });

  it('signs out everywhere else by ending each other sign-in, never this one', async () => {
    const server = sessionsServer([here, phone, office]);
    const { user, region, table } = await section(server);
    await user.click(within(region).getByRole('button', { name: 'Sign out everywhere else' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign out everywhere else' });
    expect(dialog).toHaveTextContent('all 2 other devices');
    await user.click(within(dialog).getByRole('button', { name: 'Sign out everywhere else' }));

    await waitFor(() => expect(within(table).getAllByTestId('session-row')).toHaveLength(1));
    expect(server.count(`POST /me/sessions/${phone.id}/end`)).toBe(1);
    expect(server.count(`POST /me/sessions/${office.id}/end`)).toBe(1);
    expect(server.count(`POST /me/sessions/${here.id}/end`)).toBe(0);
    expect(within(table).getByTestId('session-row')).toHaveTextContent('This device');
  });

  it('signs out here through the usual sign-out, back to the sign-in page', async () => {
    const server = sessionsServer([here, phone]).on('POST /auth/logout', () => new Response(null, { status: 204 }));
    const { user, table } = await section(server);
    await user.click(within(table).getByRole('button', { name: 'Sign out here' }));

    expect(await screen.findByRole('button', { name: /Sign in/ })).toBeInTheDocument();
    expect(server.count(`POST /me/sessions/${here.id}/end`)).toBe(0);
  });
});
