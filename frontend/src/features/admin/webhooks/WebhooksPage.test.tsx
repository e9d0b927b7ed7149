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
          errors: [{ field: 'url', message: 'points at an address webhooks may not reach' }],
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
    await waitFor(() => expect(url).toHaveAccessibleDescription(/points at an address webhooks may not reach/));
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
});
