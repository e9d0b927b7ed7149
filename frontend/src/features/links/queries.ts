// Reads and writes of a case's links, and the case search the link dialogs use.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type { CaseLinkKind } from './wording';

export function useCaseLinks(caseId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.links.ofCase(caseId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/cases/{id}/links', { params: { path: { id: caseId } }, signal })).items,
  });
}

/** SEARCH_LIMIT is how many cases the dialog offers for what was typed. */
const SEARCH_LIMIT = 10;

/** useCaseSearch finds cases by reference or words (prefixes match), leaving out this case. */
export function useCaseSearch(q: string, excludeId: string) {
  const { client } = useApi();
  const text = q.trim();
  return useQuery({
    queryKey: queryKeys.links.search(text),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/cases', { params: { query: { q: text, limit: SEARCH_LIMIT } }, signal })).items,
    enabled: text.length >= 2,
    select: (cases) => cases.filter((c) => c.id !== excludeId),
  });
}

/** useLinksChanged refreshes everything a link change may touch: both cases' links, and the case itself. */
function useLinksChanged(caseId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.links.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.cases.timeline(caseId) });
  };
}

interface Callbacks {
  onDone?: () => void;
  onError?: (error: unknown) => void;
}

export function useCreateLink(caseId: string, callbacks: Callbacks = {}) {
  const { client } = useApi();
  const changed = useLinksChanged(caseId);
  return useMutation({
    mutationFn: async (body: { case_id: string; kind: CaseLinkKind }) =>
      unwrap(await client.POST('/cases/{id}/links', { params: { path: { id: caseId } }, body })),
    onSuccess: () => {
      changed();
      callbacks.onDone?.();
    },
    onError: (error) => callbacks.onError?.(error),
  });
}

export function useDeleteLink(caseId: string, callbacks: Callbacks = {}) {
  const { client } = useApi();
  const changed = useLinksChanged(caseId);
  return useMutation({
    mutationFn: async (linkId: string) =>
      unwrap(await client.DELETE('/links/{id}', { params: { path: { id: linkId } } })),
    onSuccess: () => {
      changed();
      callbacks.onDone?.();
    },
    onError: (error) => callbacks.onError?.(error),
  });
}

/** useMarkDuplicate links this case as a duplicate and closes it: the case, its lists and My work change too. */
export function useMarkDuplicate(caseId: string, callbacks: Callbacks = {}) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const changed = useLinksChanged(caseId);
  return useMutation({
    mutationFn: async (body: { original_id: string; note?: string }) =>
      unwrap(await client.POST('/cases/{id}/duplicate-of', { params: { path: { id: caseId } }, body })),
    onSuccess: () => {
      changed();
      void queryClient.invalidateQueries({ queryKey: queryKeys.cases.detail(caseId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.cases.lists });
      void queryClient.invalidateQueries({ queryKey: queryKeys.myWork });
      callbacks.onDone?.();
    },
    onError: (error) => callbacks.onError?.(error),
  });
}
