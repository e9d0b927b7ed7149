// Reads and writes of a case's chronology. Every write refreshes the chronology and the case's
// timeline (which tells each change in a sentence), and the people the case names.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type { ChronologyEntry, CorrectChronologyEntryRequest, CreateChronologyEntryRequest } from './types';

type FormError = (error: Error) => void;

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

function useRefresh(caseId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.chronology(caseId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.cases.timeline(caseId) }),
    ]);
}

/** useChronology reads the whole chronology, in the order things happened. */
export function useChronology(caseId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.chronology(caseId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/cases/{id}/chronology', { params: { path: { id: caseId } }, signal })).items,
  });
}

export function useAddEntry(caseId: string, onError?: FormError) {
  const { client } = useApi();
  const refresh = useRefresh(caseId);
  return useMutation({
    mutationFn: async (body: CreateChronologyEntryRequest) =>
      unwrap(await client.POST('/cases/{id}/chronology', { params: { path: { id: caseId } }, body })),
    onSuccess: refresh,
    onError,
  });
}

export function useCorrectEntry(caseId: string, onError?: FormError) {
  const { client } = useApi();
  const refresh = useRefresh(caseId);
  return useMutation({
    mutationFn: async ({ entry, body }: { entry: ChronologyEntry; body: CorrectChronologyEntryRequest }) =>
      unwrap(
        await client.PATCH('/chronology/{id}', {
          params: { path: { id: entry.id }, header: ifMatch(entry.version) },
          body,
        }),
      ),
    // A 412 means someone else changed it: the list is read again either way.
    onSettled: refresh,
    onError,
  });
}

export function useRetractEntry(caseId: string, onError?: FormError) {
  const { client } = useApi();
  const refresh = useRefresh(caseId);
  return useMutation({
    mutationFn: async ({ entry, reason }: { entry: ChronologyEntry; reason: string }) =>
      unwrap(
        await client.POST('/chronology/{id}/retraction', {
          params: { path: { id: entry.id }, header: ifMatch(entry.version) },
          body: { reason },
        }),
      ),
    onSettled: refresh,
    onError,
  });
}
