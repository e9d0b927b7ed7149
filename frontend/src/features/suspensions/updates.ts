// Reading a suspension's stakeholder updates, newest first, page by page.
import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { restorationKeys } from '../../components/restoration/queries';

/** How many updates one page brings. */
export const UPDATES_PAGE = 20;

/** updatesKey sits under `restorationKeys.all`, so every suspension change refreshes the updates too. */
export const updatesKey = (suspensionId: string) =>
  [...restorationKeys.all, 'suspension', suspensionId, 'updates'] as const;

export function useSuspensionUpdates(suspensionId: string) {
  const { client } = useApi();
  return usePagedList(updatesKey(suspensionId), async (cursor, signal) =>
    unwrap(
      await client.GET('/suspensions/{id}/updates', {
        params: { path: { id: suspensionId }, query: { limit: UPDATES_PAGE, ...(cursor ? { cursor } : {}) } },
        signal,
      }),
    ),
  );
}
