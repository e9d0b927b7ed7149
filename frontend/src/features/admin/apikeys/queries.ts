// API keys (admins only): every key page by page, making one for a tool, and revoking any; each
// change refreshes both key lists (an admin's own keys are in "Your account" too).
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../../api/context';
import { usePagedList } from '../../../api/paged';
import { unwrap } from '../../../api/problem';
import { queryKeys } from '../../../api/queries';
import type { APIKey, CreateAPIKeyRequest } from '../../../api/types';

const PAGE = 50;

/** useAPIKeyList pages through every key (or those acting for one account), live, expired or revoked, newest first. */
export function useAPIKeyList(userId: string | null) {
  const { client } = useApi();
  return usePagedList(queryKeys.apiKeys.list(userId), async (cursor, signal) =>
    unwrap(
      await client.GET('/api-keys', {
        params: { query: { limit: PAGE, cursor, user_id: userId ?? undefined } },
        signal,
      }),
    ),
  );
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.all });
}

export function useCreateAPIKey() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: CreateAPIKeyRequest) => unwrap(await client.POST('/api-keys', { body })),
    onSettled: invalidate,
    // The answer holds the token: forget it as soon as the dialog showing it is gone.
    gcTime: 0,
  });
}

export function useRevokeAPIKey() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (key: APIKey) =>
      unwrap(await client.POST('/api-keys/{id}/revoke', { params: { path: { id: key.id } } })),
    onSettled: invalidate,
  });
}
