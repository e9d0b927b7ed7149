// Reads and writes of the bell, the notification settings and follows.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import type { EmailDigest, FollowTargetType, NotificationPreference } from './logic';

/** notificationKeys names this feature's cached queries. */
export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  list: ['notifications', 'list'] as const,
  preferences: ['notifications', 'preferences'] as const,
  kinds: ['notifications', 'kinds'] as const,
  follow: (type: FollowTargetType, id: string) => ['notifications', 'follow', type, id] as const,
};

/** UNREAD_POLL_MS is how often the bell asks for its number (the count is cheap). */
export const UNREAD_POLL_MS = 30_000;

export function useUnreadCount() {
  const { client } = useApi();
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: async ({ signal }) => unwrap(await client.GET('/me/notifications/unread-count', { signal })).unread,
    refetchInterval: UNREAD_POLL_MS,
  });
}

/** useNotifications reads the newest page of the bell, when it is open. */
export function useNotifications(enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: notificationKeys.list,
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/me/notifications', { params: { query: { limit: 20 } }, signal })).items,
    enabled,
    staleTime: 0,
  });
}

function useBellChanged() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
}

export function useMarkRead() {
  const { client } = useApi();
  const changed = useBellChanged();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await client.POST('/me/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: changed,
  });
}

export function useMarkAllRead() {
  const { client } = useApi();
  const changed = useBellChanged();
  return useMutation({
    mutationFn: async () => unwrap(await client.POST('/me/notifications/read-all', {})),
    onSettled: changed,
  });
}

export function useEventKinds() {
  const { client } = useApi();
  return useQuery({
    queryKey: notificationKeys.kinds,
    queryFn: async ({ signal }) => unwrap(await client.GET('/event-kinds', { signal })).items,
    staleTime: Infinity,
  });
}

export function usePreferences() {
  const { client } = useApi();
  return useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: async ({ signal }) => unwrap(await client.GET('/me/notification-preferences', { signal })),
  });
}

export function useSetPreferences() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email_digest?: EmailDigest; preferences?: NotificationPreference[] }) =>
      unwrap(await client.PUT('/me/notification-preferences', { body })),
    onSuccess: (prefs) => queryClient.setQueryData(notificationKeys.preferences, prefs),
  });
}

export function useFollowState(type: FollowTargetType, id: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: notificationKeys.follow(type, id),
    queryFn: async ({ signal }) =>
      unwrap(
        await client.GET('/me/follows/{target_type}/{target_id}', {
          params: { path: { target_type: type, target_id: id } },
          signal,
        }),
      ),
  });
}

export function useSetFollow(type: FollowTargetType, id: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (follow: boolean) => {
      const params = { params: { path: { target_type: type, target_id: id } } };
      return unwrap(
        follow
          ? await client.PUT('/me/follows/{target_type}/{target_id}', params)
          : await client.DELETE('/me/follows/{target_type}/{target_id}', params),
      );
    },
    onSuccess: (state) => queryClient.setQueryData(notificationKeys.follow(type, id), state),
  });
}
