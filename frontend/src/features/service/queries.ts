// The service page's read: one request for the service, its suspensions and its figures.
import { useQuery } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** isServiceId tells whether a URL segment can be a service id at all (anything else is simply not found). */
export const isServiceId = (id: string | undefined): id is string => !!id && uuid.test(id);

export function useServiceHistory(id: string) {
  const { client } = useApi();
  return useQuery({
    // Under `queryKeys.restoration.all`, so that any change to a suspension reads it again.
    queryKey: queryKeys.restoration.serviceHistory(id),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/services/{id}/history', { params: { path: { id } }, signal })),
  });
}
