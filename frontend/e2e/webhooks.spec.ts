// Webhooks in a real browser, with a real receiver on loopback (allowed by the server's
// CASEWARD_WEBHOOK_ALLOW in global-setup): the admin adds a webhook with a kinds checklist, copies
// the secret shown once, a case opened through the API arrives signed as the Standard Webhooks
// specification says (checked here with the spec's own recipe), the delivery log shows it
// delivered with the receiver's answer, a redelivery arrives with the same webhook-id, and the
// webhook is switched off at the end. An edit changes a webhook's URL and kinds; an edit to a
// private address is refused on the URL field and changes nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { APIRequestContext } from '@playwright/test';

import { expect, keepScreenshot, signIn, test } from './fixtures';
import { api } from './people';

interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
}

function startReceiver(): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        body,
      });
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('przyjęto');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/hook`, got });
    }),
  );
}

function present<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('expected a message');
  return v;
}

/** verifies checks one message as a Standard Webhooks receiver does. */
function verifies(secret: string, m: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const want = createHmac('sha256', key).update(`${m.id}.${m.timestamp}.${m.body}`).digest();
  return m.signature.split(' ').some((s) => {
    const [version, sig] = s.split(',');
    const got = Buffer.from(sig ?? '', 'base64');
    return version === 'v1' && got.length === want.length && timingSafeEqual(got, want);
  });
}

test('the admin adds a webhook; a new case arrives signed, is logged, and is redelivered with the same id', async ({
  page,
  request,
  adminPassword,
  people,
}) => {
  const receiver = await startReceiver();
  try {
    await page.goto('/admin/webhooks');
    await signIn(page, adminPassword);
    await expect(page.getByRole('heading', { name: 'Webhooks' })).toBeVisible();

    await page.getByRole('button', { name: 'New webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'New webhook' });
    await dialog.getByLabel('URL').fill(receiver.url);
    await dialog.getByLabel('Description').fill(`SOC – zgłoszenia ${people.suffix}`);
    await dialog.getByRole('checkbox', { name: 'A case is opened' }).check();
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    await expect(dialog).toBeHidden();

    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const card = page.getByTestId('webhook').filter({ hasText: receiver.url });
    await expect(card).toContainText(`SOC – zgłoszenia ${people.suffix}`);
    await expect(card.getByRole('switch', { name: `Enabled: ${receiver.url}` })).toBeChecked();

    const title = `Webhook-borne phishing ${people.suffix}`;
    const kase = await api<{ id: string }>(request, people.adminToken, 'POST', '/cases', {
      title,
      category: 'phishing',
      severity: 'high',
      detected_at: new Date(Date.now() - 3_600_000).toISOString(),
      aware_at: new Date(Date.now() - 3_600_000).toISOString(),
      personal_data_involved: false,
    });
    const mine = () => receiver.got.filter((m) => m.body.includes(kase.id));
    await expect.poll(() => mine().length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const first = present(mine()[0]);
    const body = JSON.parse(first.body) as { type: string; data: { id: string; case_id: string } };
    expect(body.type).toBe('case.created');
    expect(body.data.id).toBe(first.id);
    expect(body.data.case_id).toBe(kase.id);
    expect(verifies(secret, first)).toBe(true);

    await card.getByRole('button', { name: 'Delivery log' }).click();
    const log = card.getByRole('table', { name: `Deliveries to ${receiver.url}` });
    const row = log.locator(`[data-event-id="${first.id}"]`);
    await expect(row).toContainText('delivered');
    await expect(row).toContainText('200 przyjęto');

    await row.getByRole('button', { name: 'Redeliver' }).click();
    await expect.poll(() => receiver.got.filter((m) => m.id === first.id).length, { timeout: 20_000 }).toBe(2);
    const again = present(receiver.got.filter((m) => m.id === first.id)[1]);
    expect(again.body).toBe(first.body);
    expect(verifies(secret, again)).toBe(true);
    await expect(row.getByRole('cell').nth(3)).toHaveText('2'); // two attempts now

    // Switched off, it receives nothing more.
    await card.getByRole('switch', { name: `Enabled: ${receiver.url}` }).click({ force: true });
    await expect(card.getByRole('switch', { name: `Enabled: ${receiver.url}` })).not.toBeChecked();
    await expect(card.getByRole('button', { name: 'Send test' })).toBeDisabled();
  } finally {
    receiver.server.close();
  }
});

interface StoredWebhook {
  id: string;
  url: string;
  kinds: string[];
  version: number;
}

/** stored reads a webhook as the server keeps it. */
const stored = (request: APIRequestContext, token: string, id: string) =>
  api<StoredWebhook>(request, token, 'GET', `/webhooks/${id}`);

test("the admin edits a webhook's URL and kinds; a private address is refused on the field and changes nothing", async ({
  page,
  request,
  adminPassword,
  people,
  consoleGuard,
}, testInfo) => {
  consoleGuard.allow(/Failed to load resource: the server responded with a status of 422/); // the refused address
  // Loopback is allowed to this server (global-setup); nothing listens on port 9, and these kinds do not fire here.
  const before = `http://127.0.0.1:9/before-${people.suffix}`;
  const after = `http://127.0.0.1:9/after-${people.suffix}`;
  const hook = await api<StoredWebhook>(request, people.adminToken, 'POST', '/webhooks', {
    url: before,
    description: `Edytowany ${people.suffix}`,
    kinds: ['mail.undeliverable'],
  });

  await page.goto('/admin/webhooks');
  await signIn(page, adminPassword);
  const card = page.getByRole('region', { name: before });
  await expect(card).toContainText('Mail cannot be delivered');
  await card.getByRole('button', { name: 'Edit' }).click();

  const dialog = page.getByRole('dialog', { name: 'Edit webhook' });
  const url = dialog.getByLabel('URL');
  await expect(url).toHaveValue(before);
  await expect(dialog.getByLabel('Description')).toHaveValue(`Edytowany ${people.suffix}`);
  await expect(dialog.getByRole('checkbox', { name: 'Mail cannot be delivered' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Include events of restricted cases' })).not.toBeChecked();
  await url.fill(after);
  await dialog.getByRole('checkbox', { name: 'Mail cannot be delivered' }).uncheck();
  await dialog.getByRole('checkbox', { name: 'A webhook is switched off after failing' }).check();
  await dialog.getByRole('checkbox', { name: 'A regulator clock runs out' }).check();
  await keepScreenshot(page, testInfo, 'edit-webhook.png');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toBeHidden();

  const edited = page.getByRole('region', { name: after });
  await expect(edited).toContainText('A webhook is switched off after failing');
  await expect(edited).toContainText('A regulator clock runs out');
  await expect(edited).not.toContainText('Mail cannot be delivered');
  await expect(page.getByRole('region', { name: before })).toHaveCount(0);
  const saved = await stored(request, people.adminToken, hook.id);
  expect(saved.url).toBe(after);
  expect([...saved.kinds].sort()).toEqual(['clock.overdue', 'webhook.disabled']);
  expect(saved.version).toBe(hook.version + 1);
  await page.reload();
  await expect(page.getByRole('region', { name: after })).toContainText('A regulator clock runs out');

  // A private (RFC 1918) address: the server refuses it on the URL field, and nothing is saved.
  await page.getByRole('region', { name: after }).getByRole('button', { name: 'Edit' }).click();
  await expect(url).toHaveValue(after);
  await url.fill('https://10.20.30.40/hook');
  await dialog.getByRole('checkbox', { name: 'A regulator clock runs out' }).uncheck();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(url).toHaveAccessibleDescription(/URL points at an address webhooks may not reach/);
  await expect(url).toBeFocused();
  await expect(dialog.getByRole('alert')).toContainText('Nothing was saved.');
  await keepScreenshot(page, testInfo, 'edit-webhook-refused.png');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole('region', { name: after })).toContainText('A regulator clock runs out');
  await expect(page.getByRole('region', { name: 'https://10.20.30.40/hook' })).toHaveCount(0);
  const unchanged = await stored(request, people.adminToken, hook.id);
  expect({ url: unchanged.url, kinds: unchanged.kinds, version: unchanged.version }).toEqual({
    url: saved.url,
    kinds: saved.kinds,
    version: saved.version,
  });
});
