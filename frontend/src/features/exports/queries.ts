// The exports screen's reads: a case found by its reference, and the published export keys.
import { useQuery } from '@tanstack/react-query';
import type { Client } from 'openapi-fetch';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type { paths } from '../../api/schema';
import type { Case } from '../../api/types';

/**
 * findCaseByReference searches GET /cases?q= and keeps only the case whose reference is exactly
 * reference (the search also matches titles, summaries and notes that mention it).
 */
export async function findCaseByReference(
  client: Client<paths>,
  reference: string,
  signal?: AbortSignal,
): Promise<Case | null> {
  const page = unwrap(await client.GET('/cases', { params: { query: { q: reference, limit: 50 } }, signal }));
  return page.items.find((c) => c.reference.toUpperCase() === reference.toUpperCase()) ?? null;
}

export function useCaseByReference(reference: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.cases.lookup(reference ?? ''),
    queryFn: ({ signal }) => findCaseByReference(client, reference ?? '', signal),
    enabled: !!reference,
  });
}

export function useExportKeys() {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.exportKeys,
    queryFn: async ({ signal }) => unwrap(await client.GET('/export-keys', { signal })).items,
    staleTime: 5 * 60_000,
  });
}
