// Everything that happened to the case, newest first: moves, field changes and notes.
import { Group, Paper, Stack, Text, ThemeIcon, Timeline, Tooltip } from '@mantine/core';
import {
  IconArrowRight,
  IconEdit,
  IconFileCertificate,
  IconFlag,
  IconMessage,
  IconPlugConnectedX,
  IconPoint,
  IconStatusChange,
  type Icon,
} from '@tabler/icons-react';

import type { CaseStatus, NoteKind, TimelineItem } from '../../api/types';
import { StatusBadge } from '../../components/CaseBadges';
import { isOneOf, noteKindInfo, noteKinds, statuses } from '../../components/caseLabels';
import { ChangeList, fieldLabel } from '../../components/ChangeList';
import { formatDateTime, timeAgo } from '../../components/dates';
import { LoadMore } from '../../components/LoadMore';
import { AudienceBadge } from '../../components/restoration/AudienceBadge';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import type { useTimeline } from './queries';

const kindIcon: Record<TimelineItem['kind'], { icon: Icon; color: string }> = {
  created: { icon: IconFlag, color: 'indigo' },
  status_change: { icon: IconStatusChange, color: 'violet' },
  field_change: { icon: IconEdit, color: 'gray' },
  note: { icon: IconMessage, color: 'blue' },
  suspension: { icon: IconPlugConnectedX, color: 'orange' },
  milestone: { icon: IconPoint, color: 'orange' },
  evidence: { icon: IconFileCertificate, color: 'cyan' },
  other: { icon: IconPoint, color: 'gray' },
};

const newValue = (item: TimelineItem, field: string): unknown => item.changes[field]?.[1];

function title(item: TimelineItem): string {
  switch (item.kind) {
    case 'created':
      return 'Case opened';
    case 'status_change':
      return 'Status changed';
    case 'field_change': {
      const fields = Object.keys(item.changes);
      return fields.length === 1 ? `${fieldLabel(fields[0] ?? '')} changed` : `${fields.length} fields changed`;
    }
    case 'note': {
      const kind = newValue(item, 'kind');
      return isOneOf(noteKinds, typeof kind === 'string' ? kind : null) ? noteKindInfo[kind as NoteKind].label : 'Note';
    }
    default:
      return actionTitles[item.action] ?? item.action;
  }
}

/** Titles for the restoration events a head looks for on the timeline: a moved promise above all. */
const actionTitles: Record<string, string> = {
  'suspension.replan': 'Expected restoration re-planned',
  'milestone.replan': 'Milestone due date re-planned',
  'suspension.update_posted': 'Stakeholder update posted',
};

function Body({ item, name }: { item: TimelineItem; name: (id: string) => string }) {
  switch (item.kind) {
    case 'created': {
      const parts = [newValue(item, 'reference'), newValue(item, 'title')].filter((v) => typeof v === 'string' && v);
      return parts.length ? (
        <Text size="sm" c="dimmed">
          {parts.join(' — ')}
        </Text>
      ) : null;
    }
    case 'status_change': {
      const [from, to] = item.changes.status ?? [];
      const note = newValue(item, 'note');
      return (
        <Stack gap={6}>
          {isOneOf(statuses, from as string) && isOneOf(statuses, to as string) ? (
            <Group gap={6}>
              <StatusBadge status={from as CaseStatus} size="sm" />
              <IconArrowRight size={14} aria-label="to" />
              <StatusBadge status={to as CaseStatus} size="sm" />
            </Group>
          ) : null}
          {typeof note === 'string' && note ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {note}
            </Text>
          ) : null}
        </Stack>
      );
    }
    case 'note': {
      const body = newValue(item, 'body');
      return (
        <Paper withBorder p="sm" radius="md" bg="gray.0">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="note-body">
            {typeof body === 'string' ? body : ''}
          </Text>
        </Paper>
      );
    }
    default:
      if (item.action === 'suspension.update_posted') return <PostedUpdate item={item} />;
      return <ChangeList changes={item.changes} name={name} />;
  }
}

/** PostedUpdate shows a stakeholder update as it was posted: its audience and its text. */
function PostedUpdate({ item }: { item: TimelineItem }) {
  const audience = newValue(item, 'audience');
  const body = newValue(item, 'body');
  const expected = newValue(item, 'expected_restoration_at');
  return (
    <Paper withBorder p="sm" radius="md" bg="gray.0">
      <Stack gap={4}>
        <Group gap="xs">
          {audience === 'public' || audience === 'internal' ? <AudienceBadge audience={audience} size="xs" /> : null}
          {newValue(item, 'corrects_id') ? (
            <Text size="xs" c="dimmed">
              a correction
            </Text>
          ) : null}
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {typeof body === 'string' ? body : ''}
        </Text>
        {typeof expected === 'string' && expected ? (
          <Text size="xs" c="dimmed">
            New expected restoration: {formatDateTime(expected)}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function Entry({ item, name }: { item: TimelineItem; name: (id: string) => string }) {
  return (
    <Stack gap={6} data-testid="timeline-item" data-kind={item.kind}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {title(item)}
        </Text>
        <Text size="xs" c="dimmed">
          {item.actor_id ? name(item.actor_id) : (item.actor_email ?? 'system')} ·{' '}
          <Tooltip label={formatDateTime(item.occurred_at)} withArrow>
            <span>{timeAgo(item.occurred_at)}</span>
          </Tooltip>
        </Text>
      </Group>
      <Body item={item} name={name} />
    </Stack>
  );
}

/** CaseTimeline lists a case's history; name names the people its changes refer to by id. */
export function CaseTimeline({ timeline, name }: { timeline: ReturnType<typeof useTimeline>; name: (id: string) => string }) {
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
    <Stack gap="xs">
      <Timeline bulletSize={28} lineWidth={2} aria-label="Timeline">
        {timeline.items.map((item) => {
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
