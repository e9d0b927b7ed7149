// One task on the Tasks tab: its status control, assignee, due date, checklist with progress.
import { Alert, Badge, Button, Checkbox, Group, Paper, Progress, Select, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconEdit } from '@tabler/icons-react';

import { errorMessage } from '../../api/problem';
import { formatDateTime } from '../../components/dates';
import { useUpdateTask } from './queries';
import { progress, statusColors, statusLabels, toggled } from './taskLogic';
import type { Task, TaskStatus } from './types';

const statusData = (Object.keys(statusLabels) as TaskStatus[]).map((s) => ({ value: s, label: statusLabels[s] }));

interface Props {
  task: Task;
  caseId: string;
  canEdit: boolean;
  name: (id: string) => string;
  onEdit: () => void;
}

export function TaskItem({ task: t, caseId, canEdit, name, onEdit }: Props) {
  const update = useUpdateTask(caseId);
  const done = t.checklist.filter((i) => i.done).length;
  return (
    <Paper withBorder radius="md" p="md" data-testid="task" aria-label={t.title} component="article">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
            <Text
              fw={600}
              td={t.status === 'cancelled' ? 'line-through' : undefined}
              style={{ overflowWrap: 'anywhere' }}
            >
              {t.title}
            </Text>
            <Group gap="xs" wrap="wrap">
              <Text size="xs" c="dimmed">
                {t.assignee_id ? name(t.assignee_id) : 'Unassigned'}
              </Text>
              <Text size="xs" c="dimmed">
                · {t.due_at ? `due ${formatDateTime(t.due_at)}` : 'no due date'}
              </Text>
              {t.overdue ? (
                <Badge color="red" variant="light" size="xs">
                  Overdue
                </Badge>
              ) : null}
              {t.checklist.length > 0 ? (
                <Badge
                  color="gray"
                  variant="light"
                  size="xs"
                  aria-label={`Checklist ${done} of ${t.checklist.length} done`}
                >
                  {progress(t.checklist)}
                </Badge>
              ) : null}
            </Group>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            {canEdit ? (
              <>
                <Select
                  aria-label={`Status of ${t.title}`}
                  size="xs"
                  w={140}
                  allowDeselect={false}
                  data={statusData}
                  value={t.status}
                  disabled={update.isPending}
                  onChange={(s) => s && s !== t.status && update.mutate({ task: t, body: { status: s } })}
                />
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconEdit size={14} />}
                  onClick={onEdit}
                  aria-label={`Edit ${t.title}`}
                >
                  Edit
                </Button>
              </>
            ) : (
              <Badge color={statusColors[t.status]} variant="light">
                {statusLabels[t.status]}
              </Badge>
            )}
          </Group>
        </Group>
        {t.description ? (
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {t.description}
          </Text>
        ) : null}
        {t.checklist.length > 0 ? (
          <Stack gap={6}>
            <Progress value={(done / t.checklist.length) * 100} size="sm" color="teal" aria-hidden />
            {t.checklist.map((item, i) => (
              <Checkbox
                key={i}
                label={item.text}
                checked={item.done}
                disabled={!canEdit || update.isPending}
                onChange={() => update.mutate({ task: t, body: { checklist: toggled(t, i) } })}
              />
            ))}
          </Stack>
        ) : null}
        {update.error ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" py={6}>
            <Text size="sm">{errorMessage(update.error)}</Text>
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}
