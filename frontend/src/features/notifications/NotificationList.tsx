// The bell's list: the newest notifications, and older ones a page at a time ("Load more").
// After a page arrives, focus moves to its first notification, so a keyboard user reads on
// from where the list grew rather than from the button that made it grow.
import { Anchor, Box, Group, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';

import { formatDateTime, relativeTime } from '../../components/dates';
import { LoadMore } from '../../components/LoadMore';
import { sentenceOf, type AppNotification } from './logic';
import { NOTIFICATIONS_PAGE, useMarkRead } from './queries';

function NotificationItem({ n, onOpen }: { n: AppNotification; onOpen: () => void }) {
  const markRead = useMarkRead();
  const unread = n.read_at === null;
  const read = () => {
    if (unread) markRead.mutate(n.id);
  };
  return (
    <Box
      component="li"
      p="xs"
      data-testid="notification"
      data-unread={unread}
      tabIndex={-1}
      style={{ listStyle: 'none', borderRadius: 8 }}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Box
          aria-hidden
          mt={7}
          w={8}
          h={8}
          style={{
            flex: 'none',
            borderRadius: 4,
            background: unread ? 'var(--mantine-color-indigo-6)' : 'transparent',
          }}
        />
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={unread ? 600 : 400} style={{ overflowWrap: 'anywhere' }}>
            {unread ? <VisuallyHidden>Unread: </VisuallyHidden> : null}
            {sentenceOf(n)}
          </Text>
          <Group gap="xs" wrap="wrap">
            {n.case_id && n.case_reference ? (
              <Anchor
                component={Link}
                to={`/cases/${n.case_id}`}
                size="xs"
                ff="monospace"
                onClick={() => {
                  read();
                  onOpen();
                }}
              >
                {n.case_reference}
              </Anchor>
            ) : null}
            {n.case_title ? (
              <Text
                component="span"
                size="xs"
                dir="auto"
                lineClamp={2}
                title={n.case_title}
                style={{ overflowWrap: 'anywhere' }}
              >
                {n.case_title}
              </Text>
            ) : null}
            <Text size="xs" c="dimmed" title={formatDateTime(n.occurred_at)}>
              {relativeTime(n.occurred_at)}
            </Text>
            {unread ? (
              <UnstyledButton onClick={read} fz="xs" c="var(--mantine-color-anchor)" disabled={markRead.isPending}>
                Mark read
              </UnstyledButton>
            ) : null}
          </Group>
        </Stack>
      </Group>
    </Box>
  );
}

export function NotificationList({
  items,
  hasMore,
  loadingMore,
  loadMoreFailed,
  onLoadMore,
  onOpen,
}: {
  items: AppNotification[];
  hasMore: boolean;
  loadingMore: boolean;
  loadMoreFailed: boolean;
  onLoadMore: () => void;
  /** Called when a link in the list is followed (the bell closes). */
  onOpen: () => void;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  // How many were shown when "Load more" was pressed: the first one past them gets the focus.
  const focusFrom = useRef<number | null>(null);
  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || items.length <= from) return;
    focusFrom.current = null;
    listRef.current?.querySelectorAll<HTMLElement>('[data-testid="notification"]')[from]?.focus();
  }, [items.length]);

  return (
    <div ref={listRef}>
      <Stack component="ul" gap={4} p={0} m={0} aria-label="Notifications">
        {items.map((n) => (
          <NotificationItem key={n.id} n={n} onOpen={onOpen} />
        ))}
      </Stack>
      {loadMoreFailed ? (
        <Text size="sm" c="red" role="alert" px="xs" pt="xs">
          Older notifications could not be loaded. Try again.
        </Text>
      ) : null}
      {/* One page with nothing more needs no footer; once the list has grown, its end is said. */}
      {hasMore || items.length > NOTIFICATIONS_PAGE ? (
        <LoadMore
          hasMore={hasMore}
          loading={loadingMore}
          shown={items.length}
          noun={['notification', 'notifications']}
          onLoad={() => {
            focusFrom.current = items.length;
            onLoadMore();
          }}
        />
      ) : null}
    </div>
  );
}
