import { describe, expect, it } from 'vitest';

import { ApiError } from '../../../api/problem';
import type { Webhook } from './queries';
import {
  emptyWebhook,
  serverErrors,
  statusColor,
  webhookBody,
  webhookChanges,
  webhookErrors,
  webhookValues,
} from './webhookForm';

const stored: Webhook = {
  id: '0190a5f0-0000-7000-8000-0000000000f1',
  url: 'https://siem.example.com/hook',
  description: 'SOC',
  kinds: ['case.created', 'task.assigned'],
  enabled: true,
  include_restricted: false,
  failing_since: null,
  disabled_at: null,
  previous_secret_valid_until: null,
  version: 4,
  created_at: '2026-03-02T09:05:00Z',
  updated_at: '2026-03-02T09:05:00Z',
};

describe('webhook form', () => {
  it('asks for a URL and at least one kind before sending', () => {
    expect(webhookErrors(emptyWebhook())).toEqual({
      url: 'Enter the URL that receives the events',
      kinds: 'Choose at least one kind of event',
    });
    expect(webhookErrors({ ...emptyWebhook(), url: 'ftp://x', kinds: ['case.created'] })).toEqual({
      url: 'The URL must start with https://',
    });
    expect(webhookErrors({ ...emptyWebhook(), url: 'https://siem.example.com/hook', kinds: ['case.created'] })).toEqual(
      {},
    );
  });

  it('sends what was typed, trimmed, text in any script kept', () => {
    expect(
      webhookBody({
        url: ' https://x.example/h ',
        description: ' Zgłoszenia الأمن ',
        kinds: ['case.created'],
        includeRestricted: true,
      }),
    ).toEqual({
      url: 'https://x.example/h',
      description: 'Zgłoszenia الأمن',
      kinds: ['case.created'],
      include_restricted: true,
    });
  });

  it("puts the server's 422 on the fields it names, in the form's words", () => {
    const err = new ApiError(422, {
      type: 'about:blank',
      title: 'Unprocessable',
      status: 422,
      detail: 'the webhook is not valid',
      errors: [
        {
          field: 'url',
          message: 'Url points at an address webhooks may not reach (loopback, private, link-local or reserved).',
          label: 'Url',
        },
        { field: 'kinds[1]', message: 'is not a kind' },
        { field: 'description', message: 'Description must be at most 1000 characters.', label: 'Description' },
      ],
    });
    expect(serverErrors(err)).toEqual({
      url: 'URL points at an address webhooks may not reach (loopback, private, link-local or reserved).',
      kinds: 'Kinds of event is not a kind.',
      description: 'Description must be at most 1000 characters.',
    });
    expect(serverErrors(new ApiError(409, null))).toEqual({});
  });

  it('an edit sends only what changed, the kinds compared as a set', () => {
    const values = webhookValues(stored);
    expect(values).toEqual({
      url: stored.url,
      description: 'SOC',
      kinds: ['case.created', 'task.assigned'],
      includeRestricted: false,
    });
    expect(webhookChanges(stored, values)).toEqual({});
    expect(
      webhookChanges(stored, { ...values, url: ` ${stored.url} `, kinds: ['task.assigned', 'case.created'] }),
    ).toEqual({});
    expect(webhookChanges(stored, { ...values, url: 'https://x.example/h', kinds: ['case.created'] })).toEqual({
      url: 'https://x.example/h',
      kinds: ['case.created'],
    });
    expect(webhookChanges(stored, { ...values, description: '', includeRestricted: true })).toEqual({
      description: '',
      include_restricted: true,
    });
    expect(webhookChanges(stored, { ...values, kinds: ['case.created', 'task.assigned', 'case.assigned'] })).toEqual({
      kinds: ['case.created', 'task.assigned', 'case.assigned'],
    });
  });

  it('colours a delivery by its state', () => {
    expect(statusColor('delivered')).toBe('teal');
    expect(statusColor('failed')).toBe('red');
    expect(statusColor('pending')).toBe('yellow');
  });
});
