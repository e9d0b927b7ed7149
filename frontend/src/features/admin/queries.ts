// Reads for the administration screens.
import { useQuery } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { versioned } from '../../api/types';

const PAGE = 50;

/** useUserList pages through every account, ordered by email. */
export function useUserList() {
  const { client } = useApi();
  return usePagedList(queryKeys.users.list(), async (cursor, signal) =>
    unwrap(await client.GET('/users', { params: { query: { limit: PAGE, cursor } }, signal })),
  );
}

/** useUser reads one account with its ETag, for an edit. */
export function useUser(id: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.users.detail(id ?? ''),
    queryFn: async ({ signal }) => {
      const result = await client.GET('/users/{id}', { params: { path: { id: id ?? '' } }, signal });
      return versioned(unwrap(result), result.response);
    },
    enabled: id !== null,
    staleTime: 0,
  });
}

/** useServiceList pages through the services, of one department or all. */
export function useServiceList(departmentId: string | null) {
  const { client } = useApi();
  return usePagedList(queryKeys.services.list(departmentId), async (cursor, signal) =>
    unwrap(
      await client.GET('/services', {
        params: { query: { limit: PAGE, cursor, department_id: departmentId ?? undefined } },
        signal,
      }),
    ),
  );
}
