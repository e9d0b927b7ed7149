// Webhooks (admins only): the list, the delivery log and every change, each refreshing what it touched.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../../api/context';
import { unwrap } from '../../../api/problem';
import type { components } from '../../../api/schema';
import { etagOf, versioned } from '../../../api/types';

export type Webhook = components['schemas']['Webhook'];
export type WebhookWithSecret = components['schemas']['WebhookWithSecret'];
export type WebhookDelivery = components['schemas']['WebhookDelivery'];
export type CreateWebhookRequest = components['schemas']['CreateWebhookRequest'];
export type UpdateWebhookRequest = components['schemas']['UpdateWebhookRequest'];
export type EventKindInfo = components['schemas']['EventKindInfo'];

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: ['webhooks', 'list'] as const,
  detail: (id: string) => ['webhooks', 'detail', id] as const,
  deliveries: (id: string) => ['webhooks', 'deliveries', id] as const,
  kinds: ['event-kinds'] as const,
};

export function useWebhooks() {
  const { client } = useApi();
  return useQuery({
    queryKey: webhookKeys.list,
    queryFn: async ({ signal }) => unwrap(await client.GET('/webhooks', { signal })).items,
  });
}

/**
 * useWebhook reads one webhook with its ETag, for an edit. Read fresh every time the edit opens
 * (nothing kept once it closes), so the form never starts from a version already replaced.
 */
export function useWebhook(id: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: webhookKeys.detail(id),
    queryFn: async ({ signal }) => {
      const result = await client.GET('/webhooks/{id}', { params: { path: { id } }, signal });
      return versioned(unwrap(result), result.response);
    },
    staleTime: 0,
    gcTime: 0,
  });
}

export function useEventKinds() {
  const { client } = useApi();
  return useQuery({
    queryKey: webhookKeys.kinds,
    queryFn: async ({ signal }) => unwrap(await client.GET('/event-kinds', { signal })).items,
    staleTime: Infinity,
  });
}

/** useDeliveries reads the newest page of a webhook's delivery log, refreshed every few seconds while open. */
export function useDeliveries(id: string, enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: webhookKeys.deliveries(id),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 50 } }, signal }))
        .items,
    enabled,
    refetchInterval: enabled ? 3000 : false,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: webhookKeys.all });
}

export function useCreateWebhook() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: CreateWebhookRequest) => unwrap(await client.POST('/webhooks', { body })),
    onSettled: invalidate,
  });
}

/** useUpdateWebhook changes a webhook with If-Match: the ETag read with it (useWebhook), else its version's. */
export function useUpdateWebhook() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ webhook, body, etag }: { webhook: Webhook; body: UpdateWebhookRequest; etag?: string }) =>
      unwrap(
        await client.PATCH('/webhooks/{id}', {
          params: { path: { id: webhook.id }, header: { 'If-Match': etag ?? etagOf(webhook.version) } },
          body,
        }),
      ),
    onSettled: invalidate,
  });
}

export function useRotateSecret() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (webhook: Webhook) =>
      unwrap(
        await client.POST('/webhooks/{id}/secret', {
          params: { path: { id: webhook.id }, header: { 'If-Match': `"${webhook.version}"` } },
        }),
      ),
    onSettled: invalidate,
  });
}

export function useDeleteWebhook() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (webhook: Webhook) => {
      const res = await client.DELETE('/webhooks/{id}', { params: { path: { id: webhook.id } } });
      if (res.error !== undefined) unwrap(res);
    },
    onSettled: invalidate,
  });
}

export function usePing() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (webhook: Webhook) =>
      unwrap(await client.POST('/webhooks/{id}/ping', { params: { path: { id: webhook.id } } })),
    onSettled: invalidate,
  });
}

export function useRedeliver() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (delivery: WebhookDelivery) =>
      unwrap(await client.POST('/webhook-deliveries/{id}/redeliver', { params: { path: { id: delivery.id } } })),
    onSettled: invalidate,
  });
}
