// A suspension's restoration plan as a table (on a phone, a list with one block per step):
// status changed inline (with If-Match), order changed with up/down, and a notice when
// someone else got there first.
import { ActionIcon, Alert, Badge, Box, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle, IconArrowDown, IconArrowUp, IconCalendarEvent, IconRefreshAlert } from '@tabler/icons-react';
import { useContext, useState } from 'react';

import { ApiError, errorMessage } from '../../api/problem';
import { useCasePeople } from '../../api/queries';
import { MilestoneStatusBadge } from '../../components/restoration/badges';
import { dueMoved, formatDateTime, formatDeadline } from '../../components/restoration/format';
import { milestoneStatusInfo } from '../../components/restoration/health';
import { milestoneStatuses, type Milestone, type MilestoneStatus } from '../../components/restoration/types';
import { MoveDueDateDialog } from './MoveDueDateDialog';
import { moved, SuspensionCaseContext, useReorderMilestones, useSetMilestoneStatus } from './mutations';

type Notice = { kind: 'stale' | 'error'; message: string };

const statusOptions = milestoneStatuses.map((s) => ({ value: s, label: milestoneStatusInfo[s].label }));

/** describeFailure says what went wrong with a change to the plan, and whether the plan was stale. */
export function describeFailure(error: unknown, what: string): Notice {
  if (
    error instanceof ApiError &&
    (error.status === 412 || (error.status === 422 && 'milestone_ids' in error.fieldErrors))
  ) {
    return {
      kind: 'stale',
      message: `${what} was changed by someone else meanwhile. The plan has been reloaded: check it and try again.`,
    };
  }
  return { kind: 'error', message: errorMessage(error) };
}

interface Props {
  suspensionId: string;
  milestones: Milestone[];
  editable: boolean;
}

export function MilestonePlan({ suspensionId, milestones, editable }: Props) {
  const setStatus = useSetMilestoneStatus();
  const reorder = useReorderMilestones(suspensionId);
  const [notice, setNotice] = useState<Notice | null>(null);
  // The step whose due date is being moved, by id: after a 412 the dialog gets the reloaded step.
  const [moving, setMoving] = useState<string | null>(null);
  const ordered = [...milestones].sort((a, b) => a.position - b.position);
  const movingStep = ordered.find((m) => m.id === moving);
  const ids = ordered.map((m) => m.id);
  const busy = setStatus.isPending || reorder.isPending;

  const changeStatus = (milestone: Milestone, status: MilestoneStatus) => {
    setNotice(null);
    setStatus.mutate(
      { milestone, status },
      { onError: (err) => setNotice(describeFailure(err, `“${milestone.title}”`)) },
    );
  };

  const move = (index: number, delta: -1 | 1) => {
    const next = moved(ids, index, delta);
    if (!next) return;
    setNotice(null);
    reorder.mutate(next, { onError: (err) => setNotice(describeFailure(err, 'The plan')) });
  };

  const shownStatus = (m: Milestone): MilestoneStatus =>
    setStatus.isPending && setStatus.variables?.milestone.id === m.id ? setStatus.variables.status : m.status;
  // A phone (under 36em, Mantine's xs) gets a list: a five-column table would need sideways scrolling.
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  // Owners by name, from the people the case names (every role that may see the case may read them).
  const caseId = useContext(SuspensionCaseContext)?.caseId;
  const people = useCasePeople(caseId ?? '', !!caseId && milestones.some((m) => m.owner_id));
  const ownerLine = (m: Milestone) => {
    const name = m.owner_id ? people.data?.find((p) => p.id === m.owner_id)?.name : undefined;
    return name ? (
      <Text size="xs" c="dimmed" data-testid="milestone-owner">
        Owner: {name}
      </Text>
    ) : null;
  };

  const statusControl = (m: Milestone) =>
    editable ? (
      <NativeSelect
        size="xs"
        aria-label={`Status of ${m.title}`}
        data={statusOptions}
        value={shownStatus(m)}
        disabled={busy}
        onChange={(e) => changeStatus(m, e.currentTarget.value as MilestoneStatus)}
      />
    ) : (
      <MilestoneStatusBadge status={m.status} />
    );
  // A step moved since it was planned shows its first date too: the plan's promise, kept.
  const firstDue = (m: Milestone) =>
    m.baseline_due_at && dueMoved(m) ? (
      <Text size="xs" c="dimmed" data-testid="milestone-first-due">
        first due {formatDateTime(m.baseline_due_at)}
      </Text>
    ) : null;
  const orderControl = (m: Milestone, i: number) => (
    <Group gap={2} wrap="nowrap">
      {m.status !== 'done' && m.status !== 'cancelled' && (
        <ActionIcon
          variant="subtle"
          size="sm"
          aria-label={`Move the due date of ${m.title}`}
          disabled={busy}
          onClick={() => setMoving(m.id)}
        >
          <IconCalendarEvent size={14} />
        </ActionIcon>
      )}
      <ActionIcon
        variant="subtle"
        size="sm"
        aria-label={`Move ${m.title} up`}
        disabled={busy || i === 0}
        onClick={() => move(i, -1)}
      >
        <IconArrowUp size={14} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        size="sm"
        aria-label={`Move ${m.title} down`}
        disabled={busy || i === ordered.length - 1}
        onClick={() => move(i, 1)}
      >
        <IconArrowDown size={14} />
      </ActionIcon>
    </Group>
  );
  const overdueBadge = (m: Milestone) =>
    m.overdue && (
      <Badge color="orange" variant="light" size="sm" radius="sm">
        Overdue
      </Badge>
    );

  if (ordered.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No milestones yet.{editable ? ' Add the steps that bring the service back below.' : ''}
      </Text>
    );
  }

  return (
    <>
      {movingStep && <MoveDueDateDialog milestone={movingStep} onClose={() => setMoving(null)} />}
      {notice && (
        <Alert
          color={notice.kind === 'stale' ? 'yellow' : 'red'}
          variant="light"
          icon={notice.kind === 'stale' ? <IconRefreshAlert /> : <IconAlertCircle />}
          title={notice.kind === 'stale' ? 'Changed by someone else' : 'The change was not saved'}
          withCloseButton
          onClose={() => setNotice(null)}
          role="alert"
          mb="xs"
        >
          {notice.message}
        </Alert>
      )}
      {phone ? (
        <Stack component="ol" gap={0} aria-label="Restoration milestones" m={0} p={0} style={{ listStyle: 'none' }}>
          {ordered.map((m, i) => (
            <Box
              component="li"
              key={m.id}
              data-overdue={m.overdue || undefined}
              py="xs"
              style={{ borderTop: i > 0 ? '1px solid var(--mantine-color-default-border)' : undefined }}
            >
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
                  <Text size="sm" c="dimmed">
                    {i + 1}.
                  </Text>
                  <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                    {m.title}
                  </Text>
                  {overdueBadge(m)}
                </Group>
                {editable && orderControl(m, i)}
              </Group>
              {ownerLine(m)}
              <Group justify="space-between" wrap="wrap" gap="xs" mt={4}>
                <Text size="sm" c={m.overdue ? 'var(--cw-text-warning)' : 'dimmed'} fw={m.overdue ? 600 : undefined}>
                  {m.due_at
                    ? `Due ${m.completed_at ? formatDateTime(m.due_at) : formatDeadline(m.due_at)}`
                    : 'No due date'}
                  {m.completed_at ? ` · done ${formatDateTime(m.completed_at)}` : ''}
                </Text>
                {firstDue(m)}
                {statusControl(m)}
              </Group>
            </Box>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" aria-label="Restoration milestones">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>#</Table.Th>
                <Table.Th>Milestone</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th w={150}>Status</Table.Th>
                <Table.Th>Completed</Table.Th>
                {editable && <Table.Th w={96}>Change</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ordered.map((m, i) => (
                <Table.Tr key={m.id} data-overdue={m.overdue || undefined}>
                  <Table.Td c="dimmed">{i + 1}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500}>
                        {m.title}
                      </Text>
                      {overdueBadge(m)}
                    </Group>
                    {ownerLine(m)}
                  </Table.Td>
                  <Table.Td>
                    <Text
                      size="sm"
                      c={m.overdue ? 'var(--cw-text-warning)' : undefined}
                      fw={m.overdue ? 600 : undefined}
                    >
                      {m.completed_at
                        ? formatDateTime(m.due_at, 'No due date')
                        : formatDeadline(m.due_at, 'No due date')}
                    </Text>
                    {firstDue(m)}
                  </Table.Td>
                  <Table.Td>{statusControl(m)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {formatDateTime(m.completed_at, '—')}
                    </Text>
                  </Table.Td>
                  {editable && <Table.Td>{orderControl(m, i)}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
