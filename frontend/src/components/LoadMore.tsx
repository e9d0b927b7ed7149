// The "load more" button under a list read page by page over the API's cursor.
import { Button, Center, Text } from '@mantine/core';

export function LoadMore({
  hasMore,
  loading,
  onLoad,
  shown,
  noun,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  shown: number;
  /** What the list holds, singular and plural: ['case', 'cases']. */
  noun: [string, string];
}) {
  return (
    <Center py="sm">
      {hasMore ? (
        <Button variant="default" size="sm" loading={loading} onClick={onLoad}>
          Load more {noun[1]}
        </Button>
      ) : (
        <Text size="xs" c="dimmed">
          {shown === 1 ? `1 ${noun[0]}` : `${shown} ${noun[1]}`} — that is all
        </Text>
      )}
    </Center>
  );
}
