// Adding or editing a task: title, group, assignee, due date (in the reader's zone), description
// and checklist. One submit shows every problem, the server's and the form's, at once.
import {
  ActionIcon,
  Autocomplete,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';

import type { Assignee, Case } from '../../api/types';
import { zoneLabel } from '../../components/dates';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { useCreateTask, useUpdateTask } from './queries';
import { assigneeOptions, changedTask, createBody, taskValues, type TaskValues } from './taskLogic';
import type { Task } from './types';

const FIELDS = ['title', 'group', 'assignee_id', 'due_at', 'description', 'checklist'] as const;
const MAX_ITEMS = 50;

export const validateTask = {
  title: (v: string) =>
    v.trim() === ''
      ? 'Title is required.'
      : [...v.trim()].length > 300
        ? 'Title must be at most 300 characters.'
        : null,
  group: (v: string) => ([...v.trim()].length > 100 ? 'Group must be at most 100 characters.' : null),
  description: (v: string) => ([...v.trim()].length > 5000 ? 'Description must be at most 5000 characters.' : null),
  checklist: (items: TaskValues['checklist']) =>
    items.length > MAX_ITEMS
      ? `A checklist may hold at most ${MAX_ITEMS} items.`
      : items.some((i) => i.text.trim() === '')
        ? 'Every checklist item needs its text: fill it in or remove it.'
        : null,
};

interface FormProps {
  c: Case;
  task: Task | null;
  groups: string[];
  assignees: Assignee[];
  onDone: () => void;
}

function TaskForm({ c, task, groups, assignees, onDone }: FormProps) {
  const form = useForm<TaskValues>({ initialValues: taskValues(task), validate: validateTask });
  const onError = (error: unknown) => showServerErrors(form, error, FIELDS);
  const create = useCreateTask(c.id, { onSaved: onDone, onError });
  const update = useUpdateTask(c.id, { onSaved: onDone, onError });
  const save = task ? update : create;
  const onSubmit = submitAll(form, FIELDS, (v) => {
    if (!task) {
      create.mutate(createBody(v));
      return;
    }
    const body = changedTask(task, v);
    if (Object.keys(body).length === 0) onDone();
    else update.mutate({ task, body });
  });
  const items = form.getValues().checklist;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={task ? 'Edit the task' : 'Add a task'}>
      <Stack gap="sm">
        <FormAlert error={save.error} fields={FIELDS} noun="task" />
        <TextInput label="Title" required data-autofocus maxLength={300} {...form.getInputProps('title')} />
        <Group grow align="flex-start">
          <Autocomplete
            label="Group"
            placeholder="e.g. Containment"
            data={groups}
            maxLength={100}
            {...form.getInputProps('group')}
          />
          <Select
            label="Assignee"
            placeholder="Nobody yet"
            clearable
            searchable
            data={assigneeOptions(assignees)}
            nothingFoundMessage="Nobody who may see the case"
            {...form.getInputProps('assignee_id')}
          />
        </Group>
        <TextInput
          label="Due"
          type="datetime-local"
          description={`Not before the incident was detected. Times are in ${zoneLabel()}.`}
          {...form.getInputProps('due_at')}
        />
        <Textarea label="Description" autosize minRows={2} maxRows={8} {...form.getInputProps('description')} />
        <Stack gap={6}>
          <Text size="sm" fw={500} id="checklist-label">
            Checklist
          </Text>
          {items.length === 0 ? (
            <Text size="xs" c="dimmed">
              No items: add the steps that make this task done.
            </Text>
          ) : null}
          {items.map((_, i) => (
            <Group key={i} gap="xs" wrap="nowrap">
              <Checkbox
                aria-label={`Item ${i + 1} done`}
                {...form.getInputProps(`checklist.${i}.done`, { type: 'checkbox' })}
              />
              <TextInput
                flex={1}
                aria-label={`Item ${i + 1}`}
                placeholder="What to do"
                maxLength={300}
                {...form.getInputProps(`checklist.${i}.text`)}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Remove item ${i + 1}`}
                onClick={() => form.removeListItem('checklist', i)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          {form.errors.checklist ? (
            <Text size="xs" c="red" role="alert">
              {form.errors.checklist}
            </Text>
          ) : null}
          <div>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} />}
              disabled={items.length >= MAX_ITEMS}
              onClick={() => form.insertListItem('checklist', { text: '', done: false })}
            >
              Add item
            </Button>
          </div>
        </Stack>
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {task ? 'Save changes' : 'Add task'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function TaskDialog({
  opened,
  onClose,
  ...props
}: Omit<FormProps, 'onDone'> & { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={props.task ? `Edit ${props.task.title}` : 'New task'} size="lg">
      <TaskForm key={props.task?.id ?? 'new'} {...props} onDone={onClose} />
    </Modal>
  );
}
