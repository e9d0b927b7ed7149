import { describe, expect, it } from 'vitest';

import { ApiError } from '../../../api/problem';
import { emptyWebhook, serverErrors, statusColor, webhookBody, webhookErrors } from './webhookForm';

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

  it("puts the server's 422 on the fields it names", () => {
    const err = new ApiError(422, {
      type: 'about:blank',
      title: 'Unprocessable',
      status: 422,
      detail: 'the webhook is not valid',
      errors: [
        { field: 'url', message: 'points at an address webhooks may not reach' },
        { field: 'kinds[1]', message: 'is not a kind' },
      ],
    });
    expect(serverErrors(err)).toEqual({ url: 'points at an address webhooks may not reach', kinds: 'is not a kind' });
    expect(serverErrors(new ApiError(409, null))).toEqual({});
  });

  it('colours a delivery by its state', () => {
    expect(statusColor('delivered')).toBe('teal');
    expect(statusColor('failed')).toBe('red');
    expect(statusColor('pending')).toBe('yellow');
  });
});
