// The new-webhook form: what the admin typed, as the request body, and the server's 422 as field errors.
import { ApiError } from '../../../api/problem';
import type { CreateWebhookRequest } from './queries';

export interface WebhookValues {
  url: string;
  description: string;
  kinds: string[];
  includeRestricted: boolean;
}

export const emptyWebhook = (): WebhookValues => ({ url: '', description: '', kinds: [], includeRestricted: false });

/** webhookBody turns the form into the request, trimming what the admin typed. */
export function webhookBody(v: WebhookValues): CreateWebhookRequest {
  return {
    url: v.url.trim(),
    description: v.description.trim(),
    kinds: v.kinds as CreateWebhookRequest['kinds'],
    include_restricted: v.includeRestricted,
  };
}

/** webhookErrors checks the form before sending; the server checks again (and the address). */
export function webhookErrors(v: WebhookValues): Partial<Record<keyof WebhookValues, string>> {
  const out: Partial<Record<keyof WebhookValues, string>> = {};
  const url = v.url.trim();
  if (!url) out.url = 'Enter the URL that receives the events';
  else if (!/^https?:\/\//i.test(url)) out.url = 'The URL must start with https://';
  if (v.kinds.length === 0) out.kinds = 'Choose at least one kind of event';
  return out;
}

/** serverErrors maps a 422's fields (url, kinds, kinds[0], description) onto the form. */
export function serverErrors(error: unknown): Partial<Record<keyof WebhookValues, string>> {
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  const out: Partial<Record<keyof WebhookValues, string>> = {};
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    const name = field.split(/[[.]/)[0];
    if (name === 'url' || name === 'description' || name === 'kinds') out[name] ??= message;
    if (name === 'include_restricted') out.includeRestricted ??= message;
  }
  return out;
}

/** statusColor is the badge colour of a delivery's state. */
export function statusColor(status: string): string {
  if (status === 'delivered') return 'teal';
  if (status === 'failed') return 'red';
  return 'yellow';
}
