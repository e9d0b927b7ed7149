// Reads and the retry for the administrators' Mail screen (docs/notifications.md, "Email").
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import type { components } from '../../api/schema';

export type MailMessage = components['schemas']['MailMessage'];
export type MailStatus = components['schemas']['MailStatus'];

const PAGE = 50;

export const mailKeys = {
  all: ['mail'] as const,
  list: (statuses: readonly MailStatus[]) => ['mail', 'list', { statuses }] as const,
  kinds: ['event-kinds'] as const,
};

/** useMailList pages through the mail of the given statuses (all of them when empty), newest first. */
export function useMailList(statuses: readonly MailStatus[]) {
  const { client } = useApi();
  return usePagedList(mailKeys.list(statuses), async (cursor, signal) =>
    unwrap(
      await client.GET('/admin/mail', {
        params: { query: { limit: PAGE, cursor, status: statuses.length > 0 ? [...statuses] : undefined } },
        signal,
      }),
    ),
  );
}

/** useEventKindLabels maps each kind of event to its words. */
export function useEventKindLabels() {
  const { client } = useApi();
  return useQuery({
    queryKey: mailKeys.kinds,
    queryFn: async ({ signal }) => {
      const list = unwrap(await client.GET('/event-kinds', { signal }));
      return new Map(list.items.map((k) => [k.kind as string, k.label]));
    },
    staleTime: Infinity,
  });
}

/** useRetryMail sends a failing or undeliverable mail again now; the list reloads either way. */
export function useRetryMail() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await client.POST('/admin/mail/{id}/retry', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: mailKeys.all }),
  });
}
