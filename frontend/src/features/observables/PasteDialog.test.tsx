import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderComponent } from '../../test/renderComponent';
import { ObservablesTab } from './ObservablesTab';
import { CASE_ID, observable } from './sample';
import type { ObservableCandidate } from './types';

const PREVIEW = `POST /cases/${CASE_ID}/observables/preview`;
const BULK = `POST /cases/${CASE_ID}/observables/bulk`;

const report = `Zgłoszenie phishingu / بلاغ تصيد:
Nadawca: kadry@p1ace-firma[.]pl
Link: hxxps://login-firma[.]pl/owa/auth.owa?x=1
C2: 203.0.113[.]7`;

const found: ObservableCandidate[] = [
  { type: 'email', value: 'kadry@p1ace-firma.pl', on_case: false, sightings: 0 },
  { type: 'url', value: 'https://login-firma.pl/owa/auth.owa?x=1', on_case: true, sightings: 1 },
  { type: 'ipv4', value: '203.0.113.7', on_case: false, sightings: 3 },
];

function server() {
  return new FakeServer()
    .on(`GET /cases/${CASE_ID}/observables`, () => json(200, { items: [observable()], next_cursor: null }))
    .on(PREVIEW, () => json(200, { items: found }));
}

async function openPreview(fake: FakeServer) {
  const user = userEvent.setup();
  renderComponent(<ObservablesTab caseId={CASE_ID} canEdit />, fake);
  await user.click(await screen.findByRole('button', { name: 'Paste to add' }));
  const dialog = await screen.findByRole('dialog', { name: 'Paste to add observables' });
  await user.click(within(dialog).getByRole('textbox', { name: 'Pasted text' }));
  await user.paste(report);
  await user.click(within(dialog).getByRole('button', { name: 'Find observables' }));
  await within(dialog).findByTestId('preview-summary');
  return { user, dialog };
}

describe('Paste to add', { timeout: 20_000 }, () => {
  it('finds the values, writes nothing until confirmed, then sends one bulk request with only the checked ones', async () => {
    const fake = server().on(BULK, (call) => {
      const items = (call.body as { items: Pick<ObservableCandidate, 'type' | 'value'>[] }).items;
      return json(200, {
        items: items.map((i, n) => ({ merged: i.type === 'url', observable: observable({ id: `n${n}`, ...i }) })),
      });
    });
    const { user, dialog } = await openPreview(fake);

    expect(fake.calls.find((c) => c.path.endsWith('/preview'))?.body).toEqual({ text: report });
    expect(within(dialog).getByTestId('preview-summary')).toHaveTextContent('Found 3 values; 1 already on this case.');
    const rows = within(dialog).getAllByTestId('candidate-row');
    expect(rows).toHaveLength(3);
    for (const box of within(dialog).getAllByRole('checkbox', { name: /^Add / })) expect(box).toBeChecked();
    expect(within(rows[1]!).getByText('Already on this case — will merge')).toBeInTheDocument();
    expect(within(rows[0]!).queryByText(/Already on this case/)).toBeNull();
    expect(within(rows[2]!).getByText('Seen in 3 other cases')).toBeInTheDocument();
    // Nothing is written by reading the text.
    expect(fake.calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/preview'))).toEqual([]);

    await user.click(within(dialog).getByRole('checkbox', { name: 'Add Email kadry@p1ace-firma.pl' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Indicator of compromise' }));
    await user.type(within(dialog).getByLabelText('Tags'), 'phishing{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Add 2 observables' }));

    await waitFor(() => expect(fake.count(BULK)).toBe(1));
    const marks = { tlp: 'amber', pap: 'amber', ioc: true, tags: ['phishing'] };
    expect(fake.calls.find((c) => c.path.endsWith('/bulk'))?.body).toEqual({
      items: [
        { type: 'url', value: 'https://login-firma.pl/owa/auth.owa?x=1', ...marks },
        { type: 'ipv4', value: '203.0.113.7', ...marks },
      ],
    });
    expect(fake.calls.some((c) => c.method === 'POST' && c.path === `/cases/${CASE_ID}/observables`)).toBe(false);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('observables-report')).toHaveTextContent(
      'Added 1 observable; 1 merged into one already on this case.',
    );
  });

  it('shows a refused value on its row and a refused tag on the tags field; nothing is added', async () => {
    const fake = server().on(BULK, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the observables are not valid',
        errors: [
          { field: 'items[1].value', message: 'Value is not an IPv4 address.', label: 'Value' },
          { field: 'items.0.tags.0', message: 'Tags must be at most 64 characters.', label: 'Tags' },
        ],
      }),
    );
    const { user, dialog } = await openPreview(fake);
    // Sent: the URL (item 0) and the address (item 1); the email is left out.
    await user.click(within(dialog).getByRole('checkbox', { name: 'Add Email kadry@p1ace-firma.pl' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add 2 observables' }));

    const rows = within(dialog).getAllByTestId('candidate-row');
    expect(await within(rows[2]!).findByText('Value is not an IPv4 address.')).toBeInTheDocument();
    expect(within(rows[1]!).queryByText(/not an IPv4/)).toBeNull();
    expect(within(dialog).getByLabelText('Tags')).toHaveAccessibleDescription(/Tags must be at most 64 characters\./);
    expect(within(dialog).getByText(/1 value was refused/)).toHaveTextContent('Nothing was added.');
    expect(screen.getByRole('dialog', { name: 'Paste to add observables' })).toBeInTheDocument();
  });

  it('selects none or all at once, and adds nothing while none is checked', async () => {
    const { user, dialog } = await openPreview(server());
    expect(within(dialog).getByTestId('selected-count')).toHaveTextContent('3 of 3 selected');
    await user.click(within(dialog).getByRole('button', { name: 'Select none' }));
    for (const box of within(dialog).getAllByRole('checkbox', { name: /^Add / })) expect(box).not.toBeChecked();
    expect(within(dialog).getByRole('button', { name: 'Add 0 observables' })).toBeDisabled();
    await user.click(within(dialog).getByRole('checkbox', { name: 'Add IPv4 203.0.113.7' }));
    expect(within(dialog).getByRole('button', { name: 'Add 1 observable' })).toBeEnabled();
    await user.click(within(dialog).getByRole('button', { name: 'Select all' }));
    expect(within(dialog).getByTestId('selected-count')).toHaveTextContent('3 of 3 selected');
  });

  it('says when the text holds nothing, and offers nothing to add', async () => {
    const fake = server().on(PREVIEW, () => json(200, { items: [] }));
    const { dialog } = await openPreview(fake);
    expect(within(dialog).getByTestId('preview-summary')).toHaveTextContent('No observables found in this text.');
    expect(within(dialog).queryByRole('button', { name: /^Add \d/ })).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Back to the text' })).toBeInTheDocument();
  });
});
