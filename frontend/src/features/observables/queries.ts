// Reads and writes of observables. A value's sightings count the other cases holding it, so every write
// refreshes every observable list and search (`observables.all`), and the case's timeline, which tells it.
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { toApiError, unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { fileNameFrom } from '../../components/download';
import { etagOf } from '../../api/types';
import type { CreateObservableRequest, Observable, UpdateObservableRequest } from './types';

const PAGE = 50;

function useRefresh(caseId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.observables.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.cases.timeline(caseId) }),
    ]);
}

/** useCaseObservables pages through a case's observables, newest first. */
export function useCaseObservables(caseId: string) {
  const { client } = useApi();
  return usePagedList(queryKeys.observables.ofCase(caseId), async (cursor, signal) =>
    unwrap(
      await client.GET('/cases/{id}/observables', {
        params: { path: { id: caseId }, query: { limit: PAGE, cursor } },
        signal,
      }),
    ),
  );
}

/** useObservableSearch pages through the observables holding value in the cases the reader may see; off while empty. */
export function useObservableSearch(value: string) {
  const { client } = useApi();
  return usePagedList(
    queryKeys.observables.search(value),
    async (cursor, signal) =>
      unwrap(await client.GET('/observables', { params: { query: { value, limit: PAGE, cursor } }, signal })),
    { enabled: value !== '' },
  );
}

/** useAddObservable adds one value; the answer says whether it merged into one the case held. */
export function useAddObservable(caseId: string) {
  const { client } = useApi();
  const refresh = useRefresh(caseId);
  return useMutation({
    mutationFn: async (body: CreateObservableRequest) =>
      unwrap(await client.POST('/cases/{id}/observables', { params: { path: { id: caseId } }, body })),
    onSuccess: refresh,
  });
}

/** useAddObservables adds many in one request: all of them, or none (422 naming items[i].field). */
export function useAddObservables(caseId: string) {
  const { client } = useApi();
  const refresh = useRefresh(caseId);
  return useMutation({
    mutationFn: async (items: CreateObservableRequest[]) =>
      unwrap(await client.POST('/cases/{id}/observables/bulk', { params: { path: { id: caseId } }, body: { items } }))
        .items,
    onSuccess: refresh,
  });
}

/** usePreviewObservables reads the values in pasted text; it changes nothing. */
export function usePreviewObservables(caseId: string) {
  const { client } = useApi();
  return useMutation({
    mutationFn: async (text: string) =>
      unwrap(await client.POST('/cases/{id}/observables/preview', { params: { path: { id: caseId } }, body: { text } }))
        .items,
  });
}

export function useUpdateObservable(caseId: string) {
  const { client } = useApi();
  const refresh = useRefresh(caseId);
  return useMutation({
    mutationFn: async ({ observable, body }: { observable: Observable; body: UpdateObservableRequest }) =>
      unwrap(
        await client.PATCH('/observables/{id}', {
          params: { path: { id: observable.id }, header: { 'If-Match': etagOf(observable.version) } },
          body,
        }),
      ),
    // A 412 means someone else changed it: the list is read again either way.
    onSettled: refresh,
  });
}

export function useDeleteObservable(caseId: string) {
  const { client } = useApi();
  const refresh = useRefresh(caseId);
  return useMutation({
    mutationFn: async (observable: Observable) => {
      const result = await client.DELETE('/observables/{id}', {
        params: { path: { id: observable.id }, header: { 'If-Match': etagOf(observable.version) } },
      });
      if (!result.response.ok) unwrap(result);
    },
    onSettled: refresh,
  });
}

export type ObservablesExportFormat = 'stix' | 'csv';

/** An export of a case's observables, ready to save. */
export interface ObservablesFile {
  blob: Blob;
  name: string;
  /** TLP:RED values the server left out. */
  withheld: number;
}

/**
 * useExportObservables downloads a case's indicators as a STIX 2.1 bundle or all its observables as CSV;
 * TLP:RED values only when asked (audited). The case's timeline tells the export, so it is refreshed.
 */
export function useExportObservables(caseId: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ format, includeRed }: { format: ObservablesExportFormat; includeRed: boolean }) => {
      const result = await client.GET('/cases/{id}/observables/export', {
        params: { path: { id: caseId }, query: { format, include_red: includeRed } },
        parseAs: 'blob',
      });
      if (!result.response.ok || !result.data) throw toApiError(result.error, result.response);
      const headers = result.response.headers;
      const file: ObservablesFile = {
        blob: result.data,
        name: fileNameFrom(
          headers.get('Content-Disposition'),
          format === 'stix' ? 'indicators.stix.json' : 'observables.csv',
        ),
        withheld: Number(headers.get('X-Caseward-Withheld') ?? '0') || 0,
      };
      return file;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cases.timeline(caseId) }),
  });
}
