import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderSignedIn, suspension, suspensionUpdate } from '../../components/restoration/testing';
import type { SuspensionUpdate } from '../../components/restoration/types';
import { FakeServer, json, problem, testUser } from '../../test/fakeServer';
import { UpdatesSection } from './UpdatesSection';

const sp = suspension();
const LIST = `GET /suspensions/${sp.id}/updates`;
const POST = `POST /suspensions/${sp.id}/updates`;

const first = suspensionUpdate({ id: 'u1', body: 'Down until further notice.', at: '2026-03-02T09:00:00Z' });
const pub = suspensionUpdate({
  id: 'u2',
  audience: 'public',
  body: 'Usługa wróci wkrótce.\nThe service will be back soon.',
  author_name: 'Grace Hopper',
  at: '2026-03-03T09:00:00Z',
  expected_restoration_at: '2026-03-29T17:00:00Z',
  replan_id: 'r1',
});
const fix = suspensionUpdate({
  id: 'u3',
  body: 'Correction: down until Friday.',
  corrects_id: 'u1',
  at: '2026-03-04T09:00:00Z',
});

function serverWith(items: SuspensionUpdate[]) {
  return new FakeServer().on(LIST, () => json(200, { items, next_cursor: null }));
}

async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

async function openForm() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Post update' }));
  const form = await screen.findByRole('form', { name: 'Post update' });
  return { user, form };
}

describe('UpdatesSection', () => {
  it('lists updates newest first with audience, author, correction link and announced date', async () => {
    renderSignedIn(<UpdatesSection suspension={sp} publicName="Revalidation" canPost />, serverWith([fix, pub, first]));
    const items = await screen.findAllByTestId('suspension-update');
    expect(items.map((i) => within(i).getByText(/Internal|Public/).textContent)).toEqual([
      'Internal',
      'Public',
      'Internal',
    ]);
    expect(items[0]).toHaveTextContent('Correction: down until Friday.');
    expect(within(items[0]!).getByRole('link', { name: /the update of/ })).toHaveAttribute('href', '#update-u1');
    expect(items[1]).toHaveTextContent('Grace Hopper');
    expect(items[1]).toHaveTextContent(/Re-planned: now expected back/);
    expect(within(items[2]!).getByText('Corrected')).toBeInTheDocument();
    expect(within(items[1]!).queryByText('Corrected')).not.toBeInTheDocument();
  });

  it('says when there is no update yet, and shows no form to those who may not post', async () => {
    renderSignedIn(<UpdatesSection suspension={sp} publicName={null} canPost={false} />, serverWith([]), {
      user: { ...testUser, role: 'department_head' },
    });
    expect(await screen.findByText('No update has been posted yet.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Post update' })).not.toBeInTheDocument();
  });

  it('posts an internal update; Public is disabled, with the reason, when the service has no public name', async () => {
    const server = serverWith([]).on(POST, (call) =>
      (call.body as { body: string }).body
        ? json(201, first)
        : problem(422, 'Unprocessable Entity', {
            errors: [{ field: 'body', message: 'Text is required.', label: 'Text' }],
          }),
    );
    renderSignedIn(<UpdatesSection suspension={sp} publicName={null} canPost />, server);
    const { user, form } = await openForm();
    expect(within(form).getByRole('radio', { name: 'Public' })).toBeDisabled();
    expect(form).toHaveTextContent('This service is not on the public status page');

    // Empty: the server refuses it too, and its message names the form's label.
    await user.click(within(form).getByRole('button', { name: 'Post update' }));
    const text = within(form).getByRole('textbox', { name: /Update/ });
    await waitFor(() => expect(text).toHaveAccessibleDescription(expect.stringContaining('Update is required.')));
    await waitFor(() => expect(text).toHaveFocus());
    expect(within(form).getByRole('alert')).toHaveTextContent('1 field needs attention.');
    expect(server.count(POST)).toBe(1);

    await fill(user, within(form).getByRole('textbox', { name: /Update/ }), '  Pen test booked.\nResults Friday.  ');
    await user.click(within(form).getByRole('button', { name: 'Post update' }));
    await waitFor(() => expect(server.count(POST)).toBe(2));
    expect(server.calls.filter((c) => `${c.method} ${c.path}` === POST)[1]?.body).toEqual({
      body: 'Pen test booked.\nResults Friday.',
      audience: 'internal',
    });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Post update' })).not.toBeInTheDocument());
  });

  it('re-plans through a public update: the reason defaults to the text, a server error shows on its field', async () => {
    const server = serverWith([]).on(POST, () =>
      problem(422, 'Unprocessable Entity', {
        errors: [
          { field: 'replan_reason', message: 'the body is longer than the 1000 characters a re-plan reason may have' },
        ],
      }),
    );
    renderSignedIn(<UpdatesSection suspension={sp} publicName="Revalidation" canPost />, server);
    const { user, form } = await openForm();
    await user.click(within(form).getByRole('radio', { name: 'Public' }));
    await fill(user, within(form).getByRole('textbox', { name: /Update/ }), 'Supplier fix slipped.');
    expect(within(form).queryByRole('textbox', { name: 'Why does the expected date move?' })).not.toBeInTheDocument();
    await fill(user, within(form).getByLabelText(/New expected restoration/), '2026-04-05T17:00');
    const reason = within(form).getByRole('textbox', { name: 'Why does the expected date move?' });
    expect(reason).toHaveAttribute('placeholder', 'Supplier fix slipped.');

    await user.click(within(form).getByRole('button', { name: 'Post update' }));
    await waitFor(() => expect(reason).toHaveAttribute('aria-invalid', 'true'));
    expect(reason).toHaveAccessibleDescription(expect.stringContaining('1000 characters'));
    expect(server.calls.find((c) => `${c.method} ${c.path}` === POST)?.body).toEqual({
      body: 'Supplier fix slipped.',
      audience: 'public',
      expected_restoration_at: new Date('2026-04-05T17:00').toISOString(),
    });
  });

  it('says plainly when the server refuses a public update (409)', async () => {
    const server = serverWith([]).on(POST, () =>
      problem(409, 'Conflict', { detail: 'the service is not on the public status page (it has no public name)' }),
    );
    renderSignedIn(<UpdatesSection suspension={sp} publicName="Revalidation" canPost />, server);
    const { user, form } = await openForm();
    await user.click(within(form).getByRole('radio', { name: 'Public' }));
    await fill(user, within(form).getByRole('textbox', { name: /Update/ }), 'Back soon.');
    await user.click(within(form).getByRole('button', { name: 'Post update' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('Could not save');
    expect(alert).toHaveTextContent('not on the public status page');
  });

  it('corrects an update with a new one in the same audience', async () => {
    const server = serverWith([pub, first]).on(POST, () => json(201, fix));
    renderSignedIn(<UpdatesSection suspension={sp} publicName="Revalidation" canPost />, server);
    const user = userEvent.setup();
    const items = await screen.findAllByTestId('suspension-update');
    await user.click(within(items[0]!).getByRole('button', { name: 'Correct' }));
    const form = await screen.findByRole('form', { name: 'Correct update' });
    expect(within(form).getByRole('radio', { name: 'Public' })).toBeChecked();
    expect(within(form).getByRole('radio', { name: /Internal/ })).toBeDisabled();
    await fill(user, within(form).getByRole('textbox', { name: /Correction/ }), 'Back on 5 April, not 29 March.');
    await user.click(within(form).getByRole('button', { name: 'Post correction' }));
    await waitFor(() => expect(server.count(POST)).toBe(1));
    expect(server.calls.find((c) => `${c.method} ${c.path}` === POST)?.body).toEqual({
      body: 'Back on 5 April, not 29 March.',
      audience: 'public',
      corrects_id: 'u2',
    });
  });
});
