// Reads of playbooks, for the admin screen and "New case".
import { useQuery } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';

/** usePlaybooks lists the playbooks at their current version, by name; retired ones only when asked. */
export function usePlaybooks(withRetired: boolean, enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.playbooks.list(withRetired),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/playbooks', { params: { query: { include_retired: withRetired } }, signal })).items,
    enabled,
  });
}

/** usePlaybookVersion reads the version of a playbook a case was made from; null reads nothing. */
export function usePlaybookVersion(ref: { id: string; version: number } | null | undefined) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...queryKeys.playbooks.all, 'version', ref?.id ?? '', ref?.version ?? 0] as const,
    queryFn: async ({ signal }) =>
      unwrap(
        await client.GET('/playbooks/{id}', {
          params: { path: { id: ref?.id ?? '' }, query: { version: ref?.version } },
          signal,
        }),
      ),
    enabled: !!ref,
    staleTime: Infinity, // a version never changes
  });
}
