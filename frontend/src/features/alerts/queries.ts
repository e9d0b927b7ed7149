// Reads and decisions of the alert queue. A decision changes the alert, opens or changes a case and adds
// observables, so it refreshes the queue, the case lists and the observables.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { etagOf } from '../../api/types';
import type { Alert, AlertStatus, ImportAlertRequest } from './types';

const PAGE = 50;

export const alertKeys = {
  all: ['alerts'] as const,
  list: (status: AlertStatus, q: string) => ['alerts', 'list', { status, q }] as const,
  caseChoices: (q: string) => ['alerts', 'case-choices', q] as const,
};

/** useAlerts pages through the queue of one status, newest activity first. */
export function useAlerts(status: AlertStatus, q: string) {
  const { client } = useApi();
  return usePagedList(alertKeys.list(status, q), async (cursor, signal) =>
    unwrap(
      await client.GET('/alerts', {
        params: { query: { status: [status], limit: PAGE, cursor, ...(q ? { q } : {}) } },
        signal,
      }),
    ),
  );
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: alertKeys.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.cases.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.observables.all }),
    ]);
}

/** useImportAlert opens a case from a new alert (If-Match: the alert as shown). */
export function useImportAlert() {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ alert, body }: { alert: Alert; body: ImportAlertRequest }) =>
      unwrap(
        await client.POST('/alerts/{id}/import', {
          params: { path: { id: alert.id }, header: { 'If-Match': etagOf(alert.version) } },
          body,
        }),
      ),
    onSettled: refresh,
  });
}

/** useMergeAlert adds a new alert's observables to a case. */
export function useMergeAlert() {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ alert, caseId }: { alert: Alert; caseId: string }) =>
      unwrap(
        await client.POST('/alerts/{id}/merge', {
          params: { path: { id: alert.id }, header: { 'If-Match': etagOf(alert.version) } },
          body: { case_id: caseId },
        }),
      ),
    onSettled: refresh,
  });
}

/** useIgnoreAlert sets a new alert aside with the reason. */
export function useIgnoreAlert() {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ alert, reason }: { alert: Alert; reason: string }) =>
      unwrap(
        await client.POST('/alerts/{id}/ignore', {
          params: { path: { id: alert.id }, header: { 'If-Match': etagOf(alert.version) } },
          body: { reason },
        }),
      ),
    onSettled: refresh,
  });
}

/** useCaseChoices finds open cases to merge into, by title or reference. */
export function useCaseChoices(q: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: alertKeys.caseChoices(q),
    queryFn: async ({ signal }) =>
      unwrap(
        await client.GET('/cases', {
          params: {
            query: {
              limit: 20,
              status: ['reported', 'triage', 'investigating', 'contained', 'recovering'],
              ...(q ? { q } : {}),
            },
          },
          signal,
        }),
      ).items,
  });
}
