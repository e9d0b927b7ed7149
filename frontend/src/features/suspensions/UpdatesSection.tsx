// A suspension's stakeholder updates on the case page, newest first, with the form to post one
// (or to correct one: updates are never edited, a correction is a new update naming the old).
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertCircle, IconCalendarEvent, IconMessagePlus } from '@tabler/icons-react';
import { useState } from 'react';

import { errorMessage } from '../../api/problem';
import { timeAgo } from '../../components/dates';
import { LoadMore } from '../../components/LoadMore';
import { AudienceBadge } from '../../components/restoration/AudienceBadge';
import { formatDateTime } from '../../components/restoration/format';
import type { Suspension, SuspensionUpdate } from '../../components/restoration/types';
import { PostUpdateForm } from './PostUpdateForm';
import { useSuspensionUpdates } from './updates';

const anchorId = (id: string) => `update-${id}`;

function UpdateItem({
  update: u,
  corrected,
  correctsAt,
  onCorrect,
}: {
  update: SuspensionUpdate;
  corrected: boolean;
  correctsAt: string | null;
  onCorrect: (() => void) | null;
}) {
  return (
    <Paper withBorder p="sm" radius="md" id={anchorId(u.id)} component="li" data-testid="suspension-update">
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Group gap="xs" wrap="wrap">
            <AudienceBadge audience={u.audience} />
            {corrected && (
              <Badge color="orange" variant="outline" radius="sm" size="sm">
                Corrected
              </Badge>
            )}
            <Text size="sm" fw={600}>
              {u.author_name}
            </Text>
            <Tooltip label={formatDateTime(u.at)} withArrow>
              <Text size="xs" c="dimmed" component="time" dateTime={u.at}>
                {timeAgo(u.at)}
              </Text>
            </Tooltip>
          </Group>
          {onCorrect && (
            <Button size="compact-xs" variant="subtle" onClick={onCorrect}>
              Correct
            </Button>
          )}
        </Group>
        {u.corrects_id && (
          <Text size="xs" c="dimmed">
            Corrects{' '}
            <Anchor href={`#${anchorId(u.corrects_id)}`} size="xs">
              {correctsAt ? `the update of ${formatDateTime(correctsAt)}` : 'an earlier update'}
            </Anchor>
          </Text>
        )}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {u.body}
        </Text>
        {u.expected_restoration_at && (
          <Group gap={6} wrap="nowrap">
            <IconCalendarEvent size={14} aria-hidden style={{ flexShrink: 0 }} />
            <Text size="xs" c={u.replan_id ? 'var(--cw-text-warning)' : 'dimmed'}>
              {u.replan_id ? 'Re-planned: now expected back ' : 'Expected back '}
              {formatDateTime(u.expected_restoration_at)}
            </Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

interface Props {
  suspension: Suspension;
  /** The service's public name; null when it is not on the public status page. */
  publicName: string | null;
  /** Whether the viewer may post (an admin or responder, on an active suspension). */
  canPost: boolean;
}

export function UpdatesSection({ suspension, publicName, canPost }: Props) {
  const updates = useSuspensionUpdates(suspension.id);
  // undefined: no form; null: a new update; an update: its correction.
  const [composing, setComposing] = useState<SuspensionUpdate | null | undefined>(undefined);
  const byId = new Map(updates.items.map((u) => [u.id, u]));
  const corrected = new Set(updates.items.flatMap((u) => (u.corrects_id ? [u.corrects_id] : [])));

  let list;
  if (updates.query.isPending) {
    list = (
      <Text size="sm" c="dimmed" role="status">
        Loading updates…
      </Text>
    );
  } else if (updates.query.isError) {
    list = (
      <Alert color="red" variant="light" icon={<IconAlertCircle />} title="The updates could not be loaded">
        <Group gap="sm">
          <Text size="sm">{errorMessage(updates.query.error)}</Text>
          <Button size="xs" color="red" variant="light" onClick={() => void updates.query.refetch()}>
            Try again
          </Button>
        </Group>
      </Alert>
    );
  } else if (updates.items.length === 0) {
    list = (
      <Text size="sm" c="dimmed">
        No update has been posted yet.
      </Text>
    );
  } else {
    list = (
      <>
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Updates">
          {updates.items.map((u) => (
            <UpdateItem
              key={u.id}
              update={u}
              corrected={corrected.has(u.id)}
              correctsAt={u.corrects_id ? (byId.get(u.corrects_id)?.at ?? null) : null}
              onCorrect={canPost ? () => setComposing(u) : null}
            />
          ))}
        </Stack>
        {(updates.hasMore || updates.items.length > 5) && (
          <LoadMore
            hasMore={updates.hasMore}
            loading={updates.loadingMore}
            onLoad={updates.loadMore}
            shown={updates.items.length}
            noun={['update', 'updates']}
          />
        )}
      </>
    );
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="center">
        <Text size="sm" c="dimmed">
          What the team has told staff and, for public updates, the status page.
        </Text>
        {canPost && composing === undefined && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconMessagePlus size={14} />}
            onClick={() => setComposing(null)}
          >
            Post update
          </Button>
        )}
      </Group>
      {canPost && composing !== undefined && (
        <PostUpdateForm
          key={composing?.id ?? 'new'}
          suspension={suspension}
          publicName={publicName}
          corrects={composing}
          onDone={() => setComposing(undefined)}
        />
      )}
      {list}
    </Stack>
  );
}
