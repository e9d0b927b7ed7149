import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderComponent } from '../../test/renderComponent';
import { ObservablesTab } from './ObservablesTab';
import { CASE_ID, observable } from './sample';

const ADD = `POST /cases/${CASE_ID}/observables`;

function server() {
  return new FakeServer().on(`GET /cases/${CASE_ID}/observables`, () => json(200, { items: [], next_cursor: null }));
}

async function fillAndSend(fake: FakeServer, value: string) {
  const user = userEvent.setup();
  renderComponent(<ObservablesTab caseId={CASE_ID} canEdit />, fake);
  await user.click(await screen.findByRole('button', { name: 'Add observable' }));
  const dialog = await screen.findByRole('dialog', { name: 'Add an observable' });
  await user.click(within(dialog).getByLabelText(/^Type/));
  await user.click(await screen.findByRole('option', { name: 'IPv4', hidden: true }));
  await user.click(within(dialog).getByRole('textbox', { name: /^Value/ }));
  await user.paste(value);
  await user.click(within(dialog).getByRole('button', { name: 'Add observable' }));
  return { user, dialog };
}

describe('Add an observable', { timeout: 20_000 }, () => {
  it('shows the server’s 422 on the value field and adds nothing', async () => {
    const fake = server().on(ADD, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the observable is not valid',
        errors: [{ field: 'value', message: 'Value is not an IPv4 address.', label: 'Value' }],
      }),
    );
    const { dialog } = await fillAndSend(fake, '192.0.2[.]300');

    const value = within(dialog).getByRole('textbox', { name: /^Value/ });
    await waitFor(() => expect(value).toHaveAttribute('aria-invalid', 'true'));
    expect(value).toHaveAccessibleDescription(/Value is not an IPv4 address\./);
    expect(within(dialog).getByText('1 field needs attention.', { exact: false })).toBeInTheDocument();
    expect(fake.calls.find((c) => c.method === 'POST')?.body).toEqual({
      type: 'ipv4',
      value: '192.0.2[.]300',
      tlp: 'amber',
      pap: 'amber',
      ioc: false,
    });
    expect(screen.getByRole('dialog', { name: 'Add an observable' })).toBeInTheDocument();
  });

  it('says when the value merged into one the case already held', async () => {
    const fake = server().on(ADD, () =>
      json(200, { merged: true, observable: observable({ type: 'ipv4', value: '192.0.2.1' }) }),
    );
    await fillAndSend(fake, '192.0.2[.]1');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('observables-report')).toHaveTextContent('The case already held this value');
  });
});
