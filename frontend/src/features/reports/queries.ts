// Reads of the figures: the reporting page's and one case's phases.
import { useQuery } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';

export function useFigures() {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.figures,
    queryFn: async ({ signal }) => unwrap(await client.GET('/reports/figures', { signal })),
  });
}

export function useCasePhases(id: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.cases.phases(id),
    queryFn: async ({ signal }) => unwrap(await client.GET('/cases/{id}/phases', { params: { path: { id } }, signal })),
  });
}
