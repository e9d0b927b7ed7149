import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';

const answer = { kind: 'task.assigned', label: 'A task is assigned to someone', channel: 'email' };

describe('the unsubscribe page', () => {
  it('says what the link will do, without sign-in, and does it only when asked', async () => {
    const server = new FakeServer()
      .on('GET /mail/unsubscribe', () => json(200, answer))
      .on('POST /mail/unsubscribe', () => json(200, answer));
    renderApp('/unsubscribe?token=abc.def', server);
    const user = userEvent.setup();

    expect(await screen.findByText('“A task is assigned to someone”')).toBeInTheDocument();
    expect(server.count('POST /mail/unsubscribe')).toBe(0);
    expect(server.calls.find((c) => c.path === '/mail/unsubscribe')?.query.get('token')).toBe('abc.def');
    expect(server.calls.every((c) => c.authorization === null)).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Stop these emails' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Unsubscribed');
    await waitFor(() => expect(server.count('POST /mail/unsubscribe')).toBe(1));
  });

  it('explains a link that was changed or is not from this Caseward', async () => {
    const server = new FakeServer().on('GET /mail/unsubscribe', () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'invalid unsubscribe token',
        errors: [
          {
            field: 'token',
            message: 'This unsubscribe link is not valid: it was changed or is not from this Caseward.',
          },
        ],
      }),
    );
    renderApp('/unsubscribe?token=tampered', server);
    expect(await screen.findByRole('alert')).toHaveTextContent('This unsubscribe link does not work');
    expect(screen.queryByRole('button', { name: 'Stop these emails' })).not.toBeInTheDocument();
  });
});
