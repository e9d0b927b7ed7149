// Reads and writes of one case: the case with its ETag, its timeline, and the changes to it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { versioned, type Case, type UpdateCaseRequest, type Versioned } from '../../api/types';
import { isStale } from '../../components/formErrors';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** isCaseId tells whether a URL segment can be a case id at all (anything else is simply not found). */
export const isCaseId = (id: string | undefined): id is string => !!id && uuid.test(id);

export function useCase(id: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.cases.detail(id),
    queryFn: async ({ signal }) => {
      const result = await client.GET('/cases/{id}', { params: { path: { id } }, signal });
      return versioned(unwrap(result), result.response);
    },
  });
}

const TIMELINE_PAGE = 30;

export function useTimeline(id: string) {
  const { client } = useApi();
  return usePagedList(queryKeys.cases.timeline(id), async (cursor, signal) =>
    unwrap(
      await client.GET('/cases/{id}/timeline', {
        params: { path: { id }, query: { limit: TIMELINE_PAGE, cursor } },
        signal,
      }),
    ),
  );
}

/** useCaseChanged stores a case the server just returned and refreshes what derives from it. */
function useCaseChanged(id: string) {
  const queryClient = useQueryClient();
  return (next: Versioned<Case>) => {
    queryClient.setQueryData(queryKeys.cases.detail(id), next);
    void queryClient.invalidateQueries({ queryKey: queryKeys.cases.timeline(id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.cases.lists });
  };
}

/**
 * What a write tells its form. The callbacks are the latest render's (so a form reads its
 * errors as they are now, its own checks included), unlike those handed to `mutate`.
 */
interface WriteCallbacks {
  onError?: (error: unknown) => void;
}

/**
 * useUpdateCase sends a PATCH with the ETag of the case as read (the form's snapshot, not
 * whatever a background refetch brought since). A 412 (someone else changed it first) reloads
 * the case, then calls onStale.
 */
export function useUpdateCase(
  current: Versioned<Case>,
  options: WriteCallbacks & { onSaved?: () => void; onStale?: () => void } = {},
) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const changed = useCaseChanged(current.item.id);
  return useMutation({
    mutationFn: async (body: UpdateCaseRequest) => {
      const result = await client.PATCH('/cases/{id}', {
        params: { path: { id: current.item.id }, header: { 'If-Match': current.etag } },
        body,
      });
      return versioned(unwrap(result), result.response);
    },
    onSuccess: (next) => {
      changed(next);
      options.onSaved?.();
    },
    onError: async (error) => {
      options.onError?.(error);
      if (!isStale(error)) return;
      // Reload first, so the form starts again from the version now stored.
      await queryClient.invalidateQueries({ queryKey: queryKeys.cases.detail(current.item.id) });
      options.onStale?.();
    },
  });
}

export function useTransition(id: string, onDone: () => void, callbacks: WriteCallbacks = {}) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const changed = useCaseChanged(id);
  return useMutation({
    mutationFn: async (body: { to: Case['status']; note?: string; open_tasks?: 'cancel' }) => {
      const result = await client.POST('/cases/{id}/transitions', { params: { path: { id } }, body });
      return versioned(unwrap(result), result.response);
    },
    onSuccess: (next, body) => {
      changed(next);
      if (body.open_tasks) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.cases.tasks(id) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.myWork });
      }
      onDone();
    },
    onError: (error) => callbacks.onError?.(error),
  });
}

export function useAddNote(id: string, onDone: () => void, callbacks: WriteCallbacks = {}) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { kind: 'update' | 'decision' | 'statement'; body: string }) =>
      unwrap(await client.POST('/cases/{id}/notes', { params: { path: { id } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.cases.timeline(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.cases.lists });
      onDone();
    },
    onError: (error) => callbacks.onError?.(error),
  });
}
