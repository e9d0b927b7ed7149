// The case page's Tasks tab: the case's tasks grouped by their group (soonest due first within
// one), each with its status, assignee, due date and checklist; admins and responders add and
// change them while the case is open.
import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconListCheck, IconLock, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';

import { useAssignees, useCasePeople } from '../../api/queries';
import type { Case } from '../../api/types';
import { useSignedInUser } from '../../app/auth';
import { LoadError, LoadingRows } from '../../components/PageStates';
import { useTasks } from './queries';
import { TaskDialog } from './TaskDialog';
import { TaskItem } from './TaskItem';
import { groupTasks, taskAssignees } from './taskLogic';
import type { Task } from './types';

export function TasksTab({ c, canEdit: mayEdit }: { c: Case; canEdit: boolean }) {
  const tasks = useTasks(c.id);
  const me = useSignedInUser();
  const people = useCasePeople(c.id);
  const assignees = useAssignees(mayEdit);
  const [editing, setEditing] = useState<Task | 'new' | null>(null);
  const closed = c.status === 'closed';
  const canEdit = mayEdit && !closed;

  const name = (id: string) => {
    if (id === me.id) return `${me.name} (you)`;
    const a = assignees.data?.find((p) => p.id === id);
    return people.data?.find((p) => p.id === id)?.name ?? a?.name ?? 'Another user';
  };
  const list = tasks.data ?? [];
  const groups = groupTasks(list);
  const groupNames = [...new Set(list.map((t) => t.group).filter(Boolean))];
  const open = list.filter((t) => t.status === 'todo' || t.status === 'in_progress').length;

  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="md">
        <Stack gap={0}>
          <Title order={2} fz="h4">
            Tasks
          </Title>
          {tasks.data ? (
            <Text size="xs" c="dimmed">
              {list.length === 0 ? 'None yet' : `${open} open of ${list.length}`}
            </Text>
          ) : null}
        </Stack>
        {canEdit ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            New task
          </Button>
        ) : null}
      </Group>
      {closed ? (
        <Alert color="gray" variant="light" icon={<IconLock />} mb="md">
          The case is closed: its tasks are kept as they were. Reopen it to change them; the follow-up actions of its
          review can still be updated on the Review tab.
        </Alert>
      ) : null}
      {tasks.isPending ? (
        <LoadingRows rows={3} label="Loading the tasks" />
      ) : tasks.isError ? (
        <LoadError
          error={tasks.error}
          title="The tasks could not be loaded"
          onRetry={() => void tasks.refetch()}
          retrying={tasks.isFetching}
        />
      ) : list.length === 0 ? (
        <Stack align="center" gap="xs" py="xl" ta="center">
          <IconListCheck size={32} stroke={1.4} color="var(--cw-icon-muted)" />
          <Text fw={600}>No tasks yet</Text>
          <Text size="sm" c="dimmed" maw={460}>
            {canEdit
              ? 'Split the response into tasks: group them (Containment, Communication…), give each an owner and a due date, and tick their checklists as the work gets done.'
              : 'Tasks the team hands out on this case will appear here.'}
          </Text>
        </Stack>
      ) : (
        <Stack gap="lg">
          {groups.map((g) => (
            <Stack key={g.name} gap="xs" component="section" aria-label={g.name}>
              <Group gap="xs">
                <Title order={3} fz="h5">
                  {g.name}
                </Title>
                <Text size="xs" c="dimmed">
                  {g.open} open of {g.tasks.length}
                </Text>
              </Group>
              {g.tasks.map((t) => (
                <TaskItem
                  key={t.id}
                  task={t}
                  caseId={c.id}
                  canEdit={canEdit}
                  name={name}
                  onEdit={() => setEditing(t)}
                />
              ))}
            </Stack>
          ))}
        </Stack>
      )}
      {canEdit ? (
        <TaskDialog
          opened={editing !== null}
          onClose={() => setEditing(null)}
          c={c}
          task={editing === 'new' ? null : editing}
          groups={groupNames}
          assignees={taskAssignees(assignees.data ?? [], c)}
        />
      ) : null}
    </Card>
  );
}
