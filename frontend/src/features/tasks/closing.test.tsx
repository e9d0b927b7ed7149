import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { TransitionMenu } from '../case/TransitionMenu';
import { FakeServer, json } from '../../test/fakeServer';
import { renderComponent } from '../../test/renderComponent';
import { CASE_ID, sampleCase } from '../../test/signedIn';

const blocked = sampleCase({
  allowed_transitions: ['investigating'],
  closing_blockers: ['a task is still open: finish or cancel every task, or close with the open tasks cancelled'],
  open_tasks: 2,
});

describe('closing a case with open tasks', () => {
  it('offers to cancel them when they are all that blocks the closing, and says so in the request', async () => {
    const server = new FakeServer().on(`POST /cases/${CASE_ID}/transitions`, () =>
      json(200, { ...blocked, status: 'closed', open_tasks: 0 }, { ETag: '"2"' }),
    );
    renderComponent(<TransitionMenu c={blocked} />, server);
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Change status' }));
    const close = await screen.findByRole('menuitem', { name: 'Close the case', hidden: true });
    expect(close).toBeEnabled();
    await user.click(close);
    const dialog = await screen.findByRole('dialog', { name: /Close INC-2026-0007/ });
    await user.click(within(dialog).getByRole('checkbox', { name: /Cancel the 2 open tasks/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Close the case' }));

    await waitFor(() => expect(server.count(`POST /cases/${CASE_ID}/transitions`)).toBe(1));
    expect(server.calls[0]?.body).toEqual({ to: 'closed', open_tasks: 'cancel' });
  });

  it('keeps "Close" disabled while something else blocks it too', async () => {
    const c = {
      ...blocked,
      closing_blockers: [...(blocked.closing_blockers ?? []), 'the breach status is still suspected'],
    };
    renderComponent(<TransitionMenu c={c} />, new FakeServer());
    await userEvent.click(screen.getByRole('button', { name: 'Change status' }));
    expect(await screen.findByRole('menuitem', { name: 'Close the case', hidden: true })).toBeDisabled();
  });
});
