// Reads and writes of the bell, the notification settings and follows.
import { type InfiniteData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import type { Page } from '../../api/types';
import type { AppNotification, EmailDigest, FollowTargetType, NotificationPreference } from './logic';

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

/** NOTIFICATIONS_PAGE is how many notifications the bell shows at first, and reads at each "load more". */
export const NOTIFICATIONS_PAGE = 20;

/**
 * useNotifications reads the bell's list page by page, newest first, while the bell is open (fresh
 * at each opening). newestOnly forgets the older pages read before, so that the bell opens on the
 * newest again and reading it anew costs one page, not every page shown last time.
 */
export function useNotifications(enabled: boolean) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const paged = usePagedList<AppNotification>(
    notificationKeys.list,
    async (cursor, signal) =>
      unwrap(
        await client.GET('/me/notifications', { params: { query: { limit: NOTIFICATIONS_PAGE, cursor } }, signal }),
      ),
    { enabled, staleTime: 0 },
  );
  const newestOnly = () => {
    queryClient.setQueryData<InfiniteData<Page<AppNotification>, string | undefined>>(notificationKeys.list, (data) =>
      data && data.pages.length > 1 ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data,
    );
  };
  return { ...paged, newestOnly };
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
