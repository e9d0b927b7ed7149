// The webhook form (new and edit): what the admin typed, as the request body, and the server's 422 as field errors.
import { ApiError } from '../../../api/problem';
import { words } from '../../../components/formErrors';
import { humanize } from '../../../components/humanize';
import type { CreateWebhookRequest, UpdateWebhookRequest, Webhook } from './queries';

export interface WebhookValues {
  url: string;
  description: string;
  kinds: string[];
  includeRestricted: boolean;
}

export const emptyWebhook = (): WebhookValues => ({ url: '', description: '', kinds: [], includeRestricted: false });

/** WEBHOOK_FIELDS is the form's fields in the order they are shown, for focusing the first error. */
export const WEBHOOK_FIELDS = ['url', 'description', 'kinds', 'includeRestricted'] as const;

/** webhookValues fills the edit form with a webhook as stored. */
export const webhookValues = (w: Webhook): WebhookValues => ({
  url: w.url,
  description: w.description,
  kinds: [...w.kinds],
  includeRestricted: w.include_restricted,
});

/** webhookBody turns the form into the request, trimming what the admin typed. */
export function webhookBody(v: WebhookValues): CreateWebhookRequest {
  return {
    url: v.url.trim(),
    description: v.description.trim(),
    kinds: v.kinds as CreateWebhookRequest['kinds'],
    include_restricted: v.includeRestricted,
  };
}

/**
 * webhookChanges is an edit's PATCH body: only what differs from the webhook as read (the kinds
 * as a set, so ticking them in another order changes nothing). Empty when nothing changed.
 */
export function webhookChanges(w: Webhook, v: WebhookValues): UpdateWebhookRequest {
  const next = webhookBody(v);
  const body: UpdateWebhookRequest = {};
  if (next.url !== w.url) body.url = next.url;
  if (next.description !== w.description) body.description = next.description;
  const same = next.kinds.length === new Set(w.kinds).size && next.kinds.every((k) => w.kinds.includes(k));
  if (!same) body.kinds = next.kinds;
  if (next.include_restricted !== w.include_restricted) body.include_restricted = next.include_restricted;
  return body;
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

/** The form's label of each field a 422 may name, for the server's sentence to use. */
const LABELS: Record<keyof WebhookValues, string> = {
  url: 'URL',
  description: 'Description',
  kinds: 'Kinds of event',
  includeRestricted: 'Include events of restricted cases',
};

/**
 * serverErrors maps a 422's fields (url, kinds, kinds[0], description) onto the form, each
 * message naming its field by the form's label ("URL points at…", where the server says "Url").
 */
export function serverErrors(error: unknown): Partial<Record<keyof WebhookValues, string>> {
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  const out: Partial<Record<keyof WebhookValues, string>> = {};
  const serverLabels = error.fieldLabels;
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    const name = field.split(/[[.]/)[0];
    const key = name === 'include_restricted' ? 'includeRestricted' : name;
    if (key !== 'url' && key !== 'description' && key !== 'kinds' && key !== 'includeRestricted') continue;
    out[key] ??= humanize(message, LABELS[key], serverLabels[field] ?? words(field));
  }
  return out;
}

/** statusColor is the badge colour of a delivery's state. */
export function statusColor(status: string): string {
  if (status === 'delivered') return 'teal';
  if (status === 'failed') return 'red';
  return 'yellow';
}
