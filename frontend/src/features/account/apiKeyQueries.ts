// The keys acting for me (GET /me/api-keys): my personal keys and those an administrator made for my
// account; making a personal key and revoking one. Each change refreshes both key lists.
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type { APIKey, CreateMyAPIKeyRequest } from '../../api/types';

const PAGE = 50;

export function useMyAPIKeys() {
  const { client } = useApi();
  return usePagedList(queryKeys.apiKeys.mine(), async (cursor, signal) =>
    unwrap(await client.GET('/me/api-keys', { params: { query: { limit: PAGE, cursor } }, signal })),
  );
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.all });
}

export function useCreateMyAPIKey() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: CreateMyAPIKeyRequest) => unwrap(await client.POST('/me/api-keys', { body })),
    onSettled: invalidate,
    // The answer holds the token: forget it as soon as the dialog showing it is gone.
    gcTime: 0,
  });
}

export function useRevokeMyAPIKey() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (key: APIKey) =>
      unwrap(await client.POST('/me/api-keys/{id}/revoke', { params: { path: { id: key.id } } })),
    onSettled: invalidate,
  });
}
