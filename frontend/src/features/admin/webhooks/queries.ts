// Webhooks (admins only): the list, the delivery log and every change, each refreshing what it touched.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../../api/context';
import { unwrap } from '../../../api/problem';
import type { components } from '../../../api/schema';

export type Webhook = components['schemas']['Webhook'];
export type WebhookWithSecret = components['schemas']['WebhookWithSecret'];
export type WebhookDelivery = components['schemas']['WebhookDelivery'];
export type CreateWebhookRequest = components['schemas']['CreateWebhookRequest'];
export type UpdateWebhookRequest = components['schemas']['UpdateWebhookRequest'];
export type EventKindInfo = components['schemas']['EventKindInfo'];

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: ['webhooks', 'list'] as const,
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

export function useUpdateWebhook() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ webhook, body }: { webhook: Webhook; body: UpdateWebhookRequest }) =>
      unwrap(
        await client.PATCH('/webhooks/{id}', {
          params: { path: { id: webhook.id }, header: { 'If-Match': `"${webhook.version}"` } },
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
