// Reading a suspension's stakeholder updates, newest first, page by page.
import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';

/** How many updates one page brings. */
export const UPDATES_PAGE = 20;

export function useSuspensionUpdates(suspensionId: string) {
  const { client } = useApi();
  // Under `queryKeys.restoration.all`: every suspension change refreshes the updates too.
  return usePagedList(queryKeys.restoration.suspensionUpdates(suspensionId), async (cursor, signal) =>
    unwrap(
      await client.GET('/suspensions/{id}/updates', {
        params: { path: { id: suspensionId }, query: { limit: UPDATES_PAGE, ...(cursor ? { cursor } : {}) } },
        signal,
      }),
    ),
  );
}
