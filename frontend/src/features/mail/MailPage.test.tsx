import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../test/signedIn';
import type { MailMessage } from './queries';

const admin = userWithRole('admin');

function mail(overrides: Partial<MailMessage>): MailMessage {
  return {
    id: '0190a5f0-0000-7000-8000-00000000a001',
    kind: 'case.created',
    event_id: '0190a5f0-0000-7000-8000-00000000e001',
    case_id: null,
    recipient_id: '0190a5f0-0000-7000-8000-00000000b001',
    email: 'lucja@example.org',
    name: 'Łucja Żółć — لوسيا',
    digest: 'off',
    status: 'undeliverable',
    attempts: 26,
    last_error: 'connect to mail.example.org:587: connection refused',
    due_at: '2026-12-05T10:00:00Z',
    created_at: '2026-12-04T10:00:00Z',
    sent_at: null,
    give_up_at: '2026-12-05T10:00:00Z',
    message_id: 'abc@example.org',
    ...overrides,
  };
}

function mailServer(items: MailMessage[]) {
  return new FakeServer()
    .on('GET /admin/mail', () => json(200, { items, next_cursor: null }))
    .on('GET /event-kinds', () =>
      json(200, { items: [{ kind: 'case.created', label: 'A case is opened', audience: 'everyone' }] }),
    );
}

describe('the mail screen', () => {
  it('shows waiting and failed mail first, with why it failed, in words', async () => {
    const server = mailServer([mail({})]);
    renderSignedIn('/admin/mail', server, admin);

    const table = await screen.findByRole('table', { name: 'Mail' });
    const row = within(table).getByText('lucja@example.org').closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('Łucja Żółć — لوسيا');
    await waitFor(() => expect(row).toHaveTextContent('A case is opened'));
    expect(row).toHaveTextContent('Undeliverable');
    expect(row).toHaveTextContent('26 failed tries');
    expect(row).toHaveTextContent('connection refused');
    const first = server.calls.find((c) => c.path === '/admin/mail');
    expect(first?.query.getAll('status')).toEqual(['queued', 'retrying', 'undeliverable']);
  });

  it('sends a failed mail again and reloads the list; a refusal is shown', async () => {
    let retried = 0;
    const server = mailServer([mail({})]).on('POST /admin/mail/0190a5f0-0000-7000-8000-00000000a001/retry', () => {
      retried++;
      return retried === 1
        ? json(200, mail({ status: 'queued', give_up_at: null }))
        : problem(409, 'Conflict', { detail: 'this mail is queued: only mail that failed can be retried' });
    });
    renderSignedIn('/admin/mail', server, admin);
    const user = userEvent.setup();

    const button = await screen.findByRole('button', { name: 'Send again to lucja@example.org' });
    await user.click(button);
    await waitFor(() => expect(retried).toBe(1));
    await waitFor(() => expect(server.count('GET /admin/mail')).toBe(2));
    await user.click(await screen.findByRole('button', { name: 'Send again to lucja@example.org' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('only mail that failed can be retried');
  });

  it('offers no retry for sent mail, and lists every status under All', async () => {
    const server = mailServer([mail({ status: 'sent', attempts: 0, last_error: '', sent_at: '2026-12-05T10:00:00Z' })]);
    renderSignedIn('/admin/mail', server, admin);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('radio', { name: 'All' }));
    await waitFor(() =>
      expect(
        server.calls
          .filter((c) => c.path === '/admin/mail')
          .at(-1)
          ?.query.getAll('status'),
      ).toEqual([]),
    );
    const table = await screen.findByRole('table', { name: 'Mail' });
    expect(within(table).getByText('Sent')).toBeInTheDocument();
    expect(within(table).queryByRole('button', { name: /Send again/ })).not.toBeInTheDocument();
  });

  it('is not offered to other roles', async () => {
    renderSignedIn('/admin/mail', mailServer([]), userWithRole('responder'));
    expect(await screen.findByText('Not available for your role')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Mail' })).not.toBeInTheDocument();
  });
});
