// The newest stakeholder update of a suspension on its dashboard card: who said what, and when.
import { Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconMessage } from '@tabler/icons-react';

import { timeAgo } from '../../components/dates';
import { formatDateTime } from '../../components/restoration/format';
import { AudienceBadge } from '../../components/restoration/AudienceBadge';
import type { SuspensionUpdate } from '../../components/restoration/types';

export function LatestUpdate({ update }: { update: SuspensionUpdate | null | undefined }) {
  if (!update) return null;
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" data-testid="latest-update">
      <IconMessage size={16} style={{ marginTop: 2, flexShrink: 0 }} aria-hidden />
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Group gap={6} wrap="wrap">
          <Text size="xs" c="dimmed">
            Latest update ·
          </Text>
          <Tooltip label={formatDateTime(update.at)} withArrow>
            <Text size="xs" c="dimmed" component="time" dateTime={update.at}>
              {timeAgo(update.at)}
            </Text>
          </Tooltip>
          <Text size="xs" c="dimmed">
            · {update.author_name}
          </Text>
          <AudienceBadge audience={update.audience} size="xs" />
        </Group>
        <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }} title={update.body}>
          {update.body}
        </Text>
      </Stack>
    </Group>
  );
}
