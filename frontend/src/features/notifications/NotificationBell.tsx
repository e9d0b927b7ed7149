// The bell in the header: the unread count, and a popover listing the newest notifications.
import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { Link } from 'react-router';

import { formatDateTime, relativeTime } from '../../components/dates';
import { badgeText, bellLabel, sentenceOf, type AppNotification } from './logic';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './queries';

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

export function NotificationBell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const count = useUnreadCount();
  const unread = count.data ?? 0;
  const list = useNotifications(opened);
  const markAll = useMarkAllRead();
  const badge = badgeText(unread);
  return (
    <Popover opened={opened} onChange={(o) => (o ? undefined : close())} position="bottom-end" width={360} shadow="md">
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
        {list.isPending ? (
          <Group justify="center" p="md">
            <Loader size="sm" aria-label="Loading notifications" />
          </Group>
        ) : list.isError ? (
          <Text size="sm" c="red" p="xs">
            Your notifications could not be loaded.
          </Text>
        ) : list.data.length === 0 ? (
          <Text size="sm" c="dimmed" p="xs">
            Nothing yet. Follow a case or a service to be told when it changes.
          </Text>
        ) : (
          <ScrollArea.Autosize mah={420}>
            <Stack component="ul" gap={4} p={0} m={0} aria-label="Notifications">
              {list.data.map((n) => (
                <NotificationItem key={n.id} n={n} onOpen={close} />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
