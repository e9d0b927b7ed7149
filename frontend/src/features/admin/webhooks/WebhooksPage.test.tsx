import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../../test/signedIn';

const admin = userWithRole('admin', { name: 'Ada Admin', email: 'ada@example.org' });
const WEBHOOK_ID = '0190a5f0-0000-7000-8000-0000000000f1';
const hook = {
  id: WEBHOOK_ID,
  url: 'https://siem.example.com/hook',
  description: 'SOC – zgłoszenia',
  kinds: ['case.created'],
  enabled: true,
  include_restricted: false,
  failing_since: null,
  disabled_at: null,
  previous_secret_valid_until: null,
  version: 1,
  created_at: '2026-03-02T09:05:00Z',
  updated_at: '2026-03-02T09:05:00Z',
};
const kinds = {
  items: [
    { kind: 'case.created', label: 'A case is opened', audience: 'everyone' },
    { kind: 'task.assigned', label: 'A task is assigned to someone', audience: 'everyone' },
  ],
};

describe('the webhooks page', () => {
  it('adds a webhook with the kinds ticked and shows its secret once', async () => {
    let created = false;
    const server = new FakeServer()
      .on('GET /event-kinds', () => json(200, kinds))
      .on('GET /webhooks', () => json(200, { items: created ? [hook] : [] }))
      .on('POST /webhooks', () => {
        created = true;
        return json(201, { ...hook, secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTIzNA==' });
      });
    renderSignedIn('/admin/webhooks', server, admin);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New webhook' }));
    const dialog = await screen.findByRole('dialog', { name: 'New webhook' });
    await user.type(within(dialog).getByLabelText(/^URL/), ' https://siem.example.com/hook ');
    await user.type(within(dialog).getByLabelText(/^Description/), 'SOC – zgłoszenia');
    await user.click(within(dialog).getByRole('checkbox', { name: 'A case is opened' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add webhook' }));

    expect(await screen.findByTestId('webhook-secret')).toHaveTextContent(
      'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTIzNA==',
    );
    expect(server.calls.find((c) => c.method === 'POST' && c.path === '/webhooks')?.body).toEqual({
      url: 'https://siem.example.com/hook',
      description: 'SOC – zgłoszenia',
      kinds: ['case.created'],
      include_restricted: false,
    });
    expect(await screen.findByRole('region', { name: hook.url })).toHaveTextContent('A case is opened');
    await user.click(screen.getByRole('button', { name: 'Hide the secret' }));
    await waitFor(() => expect(screen.queryByTestId('webhook-secret')).toBeNull());
  });

  it("puts the server's refusal of the address on the URL field", async () => {
    const server = new FakeServer()
      .on('GET /event-kinds', () => json(200, kinds))
      .on('GET /webhooks', () => json(200, { items: [] }))
      .on('POST /webhooks', () =>
        problem(422, 'Unprocessable Entity', {
          detail: 'the webhook is not valid',
          errors: [
            {
              field: 'url',
              message: 'Url points at an address webhooks may not reach (loopback, private, link-local or reserved).',
              label: 'Url',
            },
          ],
        }),
      );
    renderSignedIn('/admin/webhooks', server, admin);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New webhook' }));
    const dialog = await screen.findByRole('dialog', { name: 'New webhook' });
    const url = within(dialog).getByLabelText(/^URL/);
    await user.type(url, 'https://169.254.169.254/');
    await user.click(within(dialog).getByRole('checkbox', { name: 'A case is opened' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add webhook' }));
    await waitFor(() => expect(url).toHaveAccessibleDescription(/URL points at an address webhooks may not reach/));
    expect(screen.queryByTestId('webhook-secret')).toBeNull();
  });

  it('switches a webhook off with If-Match', async () => {
    const server = new FakeServer()
      .on('GET /event-kinds', () => json(200, kinds))
      .on('GET /webhooks', () => json(200, { items: [hook] }))
      .on(`PATCH /webhooks/${WEBHOOK_ID}`, () => json(200, { ...hook, enabled: false, version: 2 }));
    renderSignedIn('/admin/webhooks', server, admin);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('switch', { name: `Enabled: ${hook.url}` }));
    await waitFor(() => expect(server.count(`PATCH /webhooks/${WEBHOOK_ID}`)).toBe(1));
    const patch = server.calls.find((c) => c.method === 'PATCH');
    expect(patch?.ifMatch).toBe('"1"');
    expect(patch?.body).toEqual({ enabled: false });
  });

  it('edits a webhook pre-filled with what is stored, sends only the changes with If-Match, and lists them', async () => {
    let stored = { ...hook, version: 3 };
    const server = new FakeServer()
      .on('GET /event-kinds', () => json(200, kinds))
      .on('GET /webhooks', () => json(200, { items: [stored] }))
      .on(`GET /webhooks/${WEBHOOK_ID}`, () => json(200, stored, { ETag: `"${stored.version}"` }))
      .on(`PATCH /webhooks/${WEBHOOK_ID}`, (call) => {
        stored = { ...stored, ...(call.body as object), version: stored.version + 1 };
        return json(200, stored, { ETag: `"${stored.version}"` });
      });
    renderSignedIn('/admin/webhooks', server, admin);
    const user = userEvent.setup();
    const card = await screen.findByRole('region', { name: hook.url });
    await user.click(within(card).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit webhook' });
    const url = await within(dialog).findByLabelText(/^URL/);
    expect(url).toHaveValue(hook.url);
    expect(within(dialog).getByLabelText(/^Description/)).toHaveValue(hook.description);
    expect(within(dialog).getByRole('checkbox', { name: 'A case is opened' })).toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: 'A task is assigned to someone' })).not.toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: /Include events of restricted cases/ })).not.toBeChecked();
    const save = within(dialog).getByRole('button', { name: 'Save changes' });
    expect(save).toBeDisabled(); // nothing changed yet

    await user.clear(url);
    await user.type(url, 'https://soc.example.net/caseward');
    await user.click(within(dialog).getByRole('checkbox', { name: 'A task is assigned to someone' }));
    await user.click(save);

    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit webhook' })).toBeNull());
    const patch = server.calls.find((c) => c.method === 'PATCH');
    expect(patch?.ifMatch).toBe('"3"');
    expect(patch?.body).toEqual({
      url: 'https://soc.example.net/caseward',
      kinds: ['case.created', 'task.assigned'],
    });
    const edited = await screen.findByRole('region', { name: 'https://soc.example.net/caseward' });
    expect(edited).toHaveTextContent('A task is assigned to someone');
    expect(screen.queryByRole('region', { name: hook.url })).toBeNull();
  });

  it("puts an edit's refused address on the URL field and keeps the webhook as it was", async () => {
    const server = new FakeServer()
      .on('GET /event-kinds', () => json(200, kinds))
      .on('GET /webhooks', () => json(200, { items: [hook] }))
      .on(`GET /webhooks/${WEBHOOK_ID}`, () => json(200, hook, { ETag: '"1"' }))
      .on(`PATCH /webhooks/${WEBHOOK_ID}`, () =>
        problem(422, 'Unprocessable Entity', {
          detail: 'the webhook is not valid',
          errors: [
            {
              field: 'url',
              message: 'Url points at an address webhooks may not reach (loopback, private, link-local or reserved).',
              label: 'Url',
            },
          ],
        }),
      );
    renderSignedIn('/admin/webhooks', server, admin);
    const user = userEvent.setup();
    await user.click(
      within(await screen.findByRole('region', { name: hook.url })).getByRole('button', { name: 'Edit' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Edit webhook' });
    const url = await within(dialog).findByLabelText(/^URL/);
    await user.clear(url);
    await user.type(url, 'https://10.0.0.5/hook');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(url).toHaveAccessibleDescription(/URL points at an address webhooks may not reach/));
    await waitFor(() => expect(url).toHaveFocus());
    expect(within(dialog).getByRole('alert')).toHaveTextContent('1 field needs attention. Nothing was saved.');
    expect(url).toHaveValue('https://10.0.0.5/hook'); // what was typed stays, to correct it
    expect(server.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ url: 'https://10.0.0.5/hook' });
    expect(screen.getByRole('region', { name: hook.url })).toBeInTheDocument();
  });

  it('on 412 says someone else changed the webhook and starts again from what is stored', async () => {
    const theirs = { ...hook, description: 'Zmieniono przez kogoś innego', kinds: ['task.assigned'], version: 2 };
    let reads = 0;
    const server = new FakeServer()
      .on('GET /event-kinds', () => json(200, kinds))
      .on('GET /webhooks', () => json(200, { items: [reads > 1 ? theirs : hook] }))
      .on(`GET /webhooks/${WEBHOOK_ID}`, () => {
        reads += 1;
        const w = reads === 1 ? hook : theirs;
        return json(200, w, { ETag: `"${w.version}"` });
      })
      .on(`PATCH /webhooks/${WEBHOOK_ID}`, () =>
        problem(412, 'Precondition Failed', { detail: 'webhook was changed by someone else: read it again and retry' }),
      );
    renderSignedIn('/admin/webhooks', server, admin);
    const user = userEvent.setup();
    await user.click(
      within(await screen.findByRole('region', { name: hook.url })).getByRole('button', { name: 'Edit' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Edit webhook' });
    const description = await within(dialog).findByLabelText(/^Description/);
    await user.clear(description);
    await user.type(description, 'Mine');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(await within(dialog).findByText('Changed by someone else')).toBeInTheDocument();
    expect(await within(dialog).findByDisplayValue('Zmieniono przez kogoś innego')).toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: 'A task is assigned to someone' })).toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: 'A case is opened' })).not.toBeChecked();
    const patch = server.calls.find((c) => c.method === 'PATCH');
    expect(patch?.ifMatch).toBe('"1"');
    expect(patch?.body).toEqual({ description: 'Mine' });
    expect(reads).toBe(2);
  });
});
