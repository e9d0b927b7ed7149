// The bell in the header: the unread count, and a popover listing the newest notifications, with
// older ones a page at a time. Opening it moves focus into it (and Escape back to the bell), so
// the list is reachable by keyboard; on a phone it fits the screen's width and height.
import { ActionIcon, Button, Group, Indicator, Loader, Popover, ScrollArea, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';

import { badgeText, bellLabel } from './logic';
import { NotificationList } from './NotificationList';
import { useMarkAllRead, useNotifications, useUnreadCount } from './queries';

export function NotificationBell() {
  const [opened, setOpened] = useState(false);
  const count = useUnreadCount();
  const unread = count.data ?? 0;
  const list = useNotifications(opened);
  const markAll = useMarkAllRead();
  const badge = badgeText(unread);
  const close = () => setOpened(false);
  const toggle = () => {
    // Each opening starts from the newest page, read afresh.
    if (!opened) list.newestOnly();
    setOpened(!opened);
  };
  return (
    <Popover
      opened={opened}
      onChange={(o) => (o ? undefined : close())}
      position="bottom-end"
      width={360}
      shadow="md"
      trapFocus
      returnFocus
    >
      <Popover.Target>
        {/* The target is the button itself, so the popover's aria-expanded lands on it. */}
        <ActionIcon variant="subtle" size="lg" aria-label={bellLabel(unread)} onClick={toggle}>
          <Indicator label={badge} disabled={badge === null} size={16} offset={2} color="red.8" inline>
            <IconBell size={20} stroke={1.7} />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p="xs" maw="calc(100vw - 16px)">
        <Group justify="space-between" px="xs" pb="xs">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            onClick={() => markAll.mutate()}
            disabled={unread === 0}
            loading={markAll.isPending}
          >
            Mark all read
          </Button>
        </Group>
        {list.query.isPending ? (
          <Group justify="center" p="md">
            <Loader size="sm" aria-label="Loading notifications" />
          </Group>
        ) : list.query.isError && list.items.length === 0 ? (
          <Text size="sm" c="red" p="xs">
            Your notifications could not be loaded.
          </Text>
        ) : list.items.length === 0 ? (
          <Text size="sm" c="dimmed" p="xs">
            Nothing yet. Follow a case or a service to be told when it changes.
          </Text>
        ) : (
          // Below the header, on a short phone screen too.
          <ScrollArea.Autosize mah="min(420px, calc(100dvh - 140px))">
            <NotificationList
              items={list.items}
              hasMore={list.hasMore}
              loadingMore={list.loadingMore}
              loadMoreFailed={list.query.isFetchNextPageError}
              onLoadMore={list.loadMore}
              onOpen={close}
            />
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
