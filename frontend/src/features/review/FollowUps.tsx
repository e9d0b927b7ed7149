// A review's follow-up actions as the tasks they became: who owns each, when it is due, and its
// status, which admins and responders change here even on a closed case.
import { Badge, Group, Paper, Select, Stack, Text } from '@mantine/core';

import { formatDateTime } from '../../components/dates';
import { useUpdateTask } from '../tasks/queries';
import { statusLabels } from '../tasks/taskLogic';
import type { Task, TaskStatus } from '../tasks/types';

const statusData = (Object.keys(statusLabels) as TaskStatus[]).map((s) => ({ value: s, label: statusLabels[s] }));

function FollowUp({
  t,
  caseId,
  canEdit,
  name,
}: {
  t: Task;
  caseId: string;
  canEdit: boolean;
  name: (id: string) => string;
}) {
  const update = useUpdateTask(caseId);
  return (
    <Paper withBorder radius="md" p="sm" component="li" aria-label={t.title} data-testid="follow-up">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {t.title}
          </Text>
          <Text size="xs" c="dimmed">
            {t.assignee_id ? name(t.assignee_id) : 'Unassigned'} ·{' '}
            {t.due_at ? `due ${formatDateTime(t.due_at)}` : 'no due date'}
          </Text>
          {t.description ? (
            <Text size="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {t.description}
            </Text>
          ) : null}
        </Stack>
        {canEdit ? (
          <Select
            size="xs"
            w={150}
            aria-label={`Status of ${t.title}`}
            data={statusData}
            value={t.status}
            allowDeselect={false}
            disabled={update.isPending}
            onChange={(v) => {
              if (v && v !== t.status) update.mutate({ task: t, body: { status: v } });
            }}
          />
        ) : (
          <Badge variant="light" color={t.status === 'done' ? 'teal' : 'gray'}>
            {statusLabels[t.status]}
          </Badge>
        )}
      </Group>
      {update.isError ? (
        <Text size="xs" c="red" role="alert" mt={4}>
          The status could not be changed: the list was reloaded, try again.
        </Text>
      ) : null}
    </Paper>
  );
}

export function FollowUpList({
  tasks,
  caseId,
  canEdit,
  name,
}: {
  tasks: Task[];
  caseId: string;
  canEdit: boolean;
  name: (id: string) => string;
}) {
  if (tasks.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No follow-up action yet.
      </Text>
    );
  }
  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Follow-up actions">
      {tasks.map((t) => (
        <FollowUp key={t.id} t={t} caseId={caseId} canEdit={canEdit} name={name} />
      ))}
    </Stack>
  );
}
