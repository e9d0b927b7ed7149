// The landing page's one read: GET /me/work.
import { useQuery } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';

/** useMyWork reads the signed-in user's work; it refetches each time the landing page is opened. */
export function useMyWork() {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.myWork,
    queryFn: async ({ signal }) => unwrap(await client.GET('/me/work', { signal })),
    staleTime: 0,
  });
}
