// Lists read page by page over the API's opaque cursor, with a "load more".
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';

import type { Page } from './types';

/**
 * usePagedList reads the first page of a list and, on loadMore, the next one. The pages are
 * kept in one cache entry, so a refetch after a change reloads every page already shown.
 */
export function usePagedList<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
  options: { enabled?: boolean; staleTime?: number } = {},
) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: options.enabled ?? true,
    ...(options.staleTime === undefined ? {} : { staleTime: options.staleTime }),
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return {
    query,
    items,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    loadMore: () => void query.fetchNextPage(),
  };
}
