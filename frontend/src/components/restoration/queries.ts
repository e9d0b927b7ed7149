// Read hooks for suspensions, the services they name and the restoration dashboard.
import { useQuery } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type { Service } from './types';

/** How often the dashboard asks again while it is open. */
export const DASHBOARD_REFRESH_MS = 30_000;

/** A directory larger than this many pages is cut short rather than read forever. */
const MAX_SERVICE_PAGES = 20;

/** useCaseSuspensions reads a case's suspensions with their plans and derived figures. */
export function useCaseSuspensions(caseId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.restoration.caseSuspensions(caseId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/cases/{id}/suspensions', { params: { path: { id: caseId } }, signal })).items,
  });
}

/** useAllServices reads every service (following the cursor), ordered by name as the API returns them. */
export function useAllServices() {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.services.directory(),
    queryFn: async ({ signal }) => {
      const out: Service[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_SERVICE_PAGES; page++) {
        const data = unwrap(
          await client.GET('/services', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } }, signal }),
        );
        out.push(...data.items);
        if (!data.next_cursor) break;
        cursor = data.next_cursor;
      }
      return out;
    },
  });
}

/** useRestorationDashboard reads the dashboard every 30 s while shown, and again when the window regains focus. */
export function useRestorationDashboard() {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.restoration.dashboard(),
    queryFn: async ({ signal }) => unwrap(await client.GET('/dashboard/restoration', { signal })),
    refetchInterval: DASHBOARD_REFRESH_MS,
    refetchOnWindowFocus: 'always',
    staleTime: 5_000,
  });
}
