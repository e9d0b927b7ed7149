// Everything that happened to the case, newest first, told in sentences and grouped by day; each
// entry keeps its audit record one click away.
import { Anchor, Badge, Code, Group, Paper, Stack, Text, ThemeIcon, Timeline, Tooltip } from '@mantine/core';
import {
  IconEdit,
  IconFileCertificate,
  IconFlag,
  IconMessage,
  IconPlugConnectedX,
  IconPoint,
  IconStatusChange,
  IconSubtask,
  IconTimeline,
  type Icon,
} from '@tabler/icons-react';
import { useState } from 'react';

import type { TimelineItem } from '../../api/types';
import { isOneOf, noteKindInfo, noteKinds } from '../../components/caseLabels';
import { ChangeList } from '../../components/ChangeList';
import { formatDateTime, timeAgo } from '../../components/dates';
import { LoadMore } from '../../components/LoadMore';
import { AudienceBadge } from '../../components/restoration/AudienceBadge';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import type { useTimeline } from './queries';
import { groupByDay, timeOfDay } from './timelineDays';

const kindIcon: Record<TimelineItem['kind'], { icon: Icon; color: string }> = {
  created: { icon: IconFlag, color: 'indigo' },
  status_change: { icon: IconStatusChange, color: 'violet' },
  field_change: { icon: IconEdit, color: 'gray' },
  note: { icon: IconMessage, color: 'blue' },
  suspension: { icon: IconPlugConnectedX, color: 'orange' },
  milestone: { icon: IconPoint, color: 'orange' },
  evidence: { icon: IconFileCertificate, color: 'cyan' },
  task: { icon: IconSubtask, color: 'teal' },
  chronology: { icon: IconTimeline, color: 'grape' },
  other: { icon: IconPoint, color: 'gray' },
};

const newValue = (item: TimelineItem, field: string): unknown => item.changes[field]?.[1];

/** What an entry shows beyond its sentence: the words a person wrote (a note, a posted update). */
function Written({ item }: { item: TimelineItem }) {
  if (item.action === 'note.create') {
    const body = newValue(item, 'body');
    const raw = newValue(item, 'kind');
    const kind = typeof raw === 'string' && isOneOf(noteKinds, raw) ? raw : null;
    return (
      <Paper withBorder p="sm" radius="md" bg="var(--cw-surface)">
        <Stack gap={4}>
          {kind ? (
            <Badge size="xs" variant="light" color={noteKindInfo[kind].color} radius="sm">
              {noteKindInfo[kind].label}
            </Badge>
          ) : null}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="note-body">
            {typeof body === 'string' ? body : ''}
          </Text>
        </Stack>
      </Paper>
    );
  }
  if (item.action === 'suspension.update_posted') {
    const audience = newValue(item, 'audience');
    const body = newValue(item, 'body');
    return (
      <Paper withBorder p="sm" radius="md" bg="var(--cw-surface)">
        <Stack gap={4}>
          {audience === 'public' || audience === 'internal' ? <AudienceBadge audience={audience} size="xs" /> : null}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {typeof body === 'string' ? body : ''}
          </Text>
        </Stack>
      </Paper>
    );
  }
  return null;
}

/** AuditRecord is the raw event behind an entry: seq, action, actor, and every changed field. */
function AuditRecord({ item, name }: { item: TimelineItem; name: (id: string) => string }) {
  return (
    <Stack gap="xs" p="sm" bg="var(--cw-surface)" style={{ borderRadius: 8 }} data-testid="audit-record">
      <Group gap="md" wrap="wrap">
        <Text size="xs" c="dimmed">
          Seq <Code>{item.seq}</Code>
        </Text>
        <Text size="xs" c="dimmed">
          Action <Code>{item.action}</Code>
        </Text>
        <Text size="xs" c="dimmed">
          Actor {item.actor_email ?? 'Caseward'}
        </Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(item.occurred_at)}
        </Text>
      </Group>
      {Object.keys(item.changes).length ? (
        <ChangeList changes={item.changes} name={name} />
      ) : (
        <Text size="xs" c="dimmed">
          No fields changed.
        </Text>
      )}
    </Stack>
  );
}

function Entry({ item, name }: { item: TimelineItem; name: (id: string) => string }) {
  const [open, setOpen] = useState(false);
  return (
    <Stack gap={6} data-testid="timeline-item" data-kind={item.kind}>
      <Text size="sm" data-testid="timeline-sentence" style={{ overflowWrap: 'anywhere' }}>
        <Text span fw={600}>
          {item.actor_name}
        </Text>{' '}
        {item.summary}
      </Text>
      <Written item={item} />
      <Group gap="xs">
        <Tooltip label={`${formatDateTime(item.occurred_at)} (${timeAgo(item.occurred_at)})`} withArrow>
          <Text size="xs" c="dimmed">
            {timeOfDay(item.occurred_at)}
          </Text>
        </Tooltip>
        <Text size="xs" c="dimmed" aria-hidden>
          ·
        </Text>
        <Anchor
          component="button"
          type="button"
          size="xs"
          c="dimmed"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? 'Hide the audit record' : 'Show the audit record'}
        </Anchor>
      </Group>
      {open ? <AuditRecord item={item} name={name} /> : null}
    </Stack>
  );
}

/** CaseTimeline lists a case's history; name names the people its raw changes refer to by id. */
export function CaseTimeline({
  timeline,
  name,
}: {
  timeline: ReturnType<typeof useTimeline>;
  name: (id: string) => string;
}) {
  if (timeline.query.isPending) return <LoadingRows rows={4} label="Loading the timeline" />;
  if (timeline.query.isError) {
    return (
      <LoadError
        error={timeline.query.error}
        title="The timeline could not be loaded"
        onRetry={() => void timeline.query.refetch()}
        retrying={timeline.query.isFetching}
      />
    );
  }
  if (timeline.items.length === 0) return <Empty title="Nothing has happened yet" />;
  return (
    <Stack gap="md">
      {groupByDay(timeline.items).map((day) => (
        <Stack gap="xs" key={`${day.key}-${day.items[0]?.seq ?? ''}`} component="section" aria-label={day.label}>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" data-testid="timeline-day">
            {day.label}
          </Text>
          <Timeline bulletSize={28} lineWidth={2}>
            {day.items.map((item) => {
              const { icon: KindIcon, color } = kindIcon[item.kind];
              return (
                <Timeline.Item
                  key={item.seq}
                  bullet={
                    <ThemeIcon size={28} radius="xl" variant="light" color={color}>
                      <KindIcon size={15} />
                    </ThemeIcon>
                  }
                >
                  <Entry item={item} name={name} />
                </Timeline.Item>
              );
            })}
          </Timeline>
        </Stack>
      ))}
      <LoadMore
        hasMore={timeline.hasMore}
        loading={timeline.loadingMore}
        onLoad={timeline.loadMore}
        shown={timeline.items.length}
        noun={['entry', 'entries']}
      />
    </Stack>
  );
}
