// TanStack Query hooks over the typed client, with one key factory per resource.
import { useQuery } from '@tanstack/react-query';

import { useApi } from './context';
import { unwrap } from './problem';

/** queryKeys names every cached query, so invalidations cannot drift from reads. */
export const queryKeys = {
  me: ['me'] as const,
};

/** useMe reads the signed-in user from GET /me. */
export function useMe() {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async ({ signal }) => unwrap(await client.GET('/me', { signal })),
  });
}
