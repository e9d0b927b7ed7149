// Defining or editing a playbook: its name, category and default severity, the tasks it adds to a
// case (add, remove, reorder; group, due offset in hours or days after the case's start, checklist)
// and an optional suspension plan. Saving an edit writes the playbook's next version (If-Match).
import {
  ActionIcon,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { etagOf } from '../../api/types';
import { categories, categoryLabel, options, severities, severityInfo } from '../../components/caseLabels';
import { ErrorSummary, errorCount, FormAlert, isStale, splitErrors } from '../../components/formErrors';
import {
  blankMilestone,
  blankTask,
  editorField,
  fieldOrder,
  inputOf,
  MAX_MILESTONES,
  MAX_TASKS,
  move,
  validatePlaybook,
  valuesOf,
  type Offset,
  type PlaybookValues,
} from '../playbooks/playbookLogic';
import type { Playbook } from '../playbooks/types';

const UNITS = [
  { value: 'hours', label: 'hours' },
  { value: 'days', label: 'days' },
];

function OffsetInput({
  label,
  value,
  error,
  onChange,
}: {
  label: string;
  value: Offset;
  error?: unknown;
  onChange: (o: Offset) => void;
}) {
  return (
    <Group gap={6} align="flex-start" wrap="nowrap">
      <NumberInput
        label={label}
        min={0}
        allowDecimal={false}
        value={value.amount}
        onChange={(v) => onChange({ ...value, amount: typeof v === 'number' ? v : '' })}
        error={error as string | undefined}
        w={130}
      />
      <Select
        aria-label={`${label} unit`}
        data={UNITS}
        value={value.unit}
        allowDeselect={false}
        onChange={(u) => onChange({ ...value, unit: u === 'days' ? 'days' : 'hours' })}
        w={100}
        mt={24} // level with the amount under its label
      />
    </Group>
  );
}

function MoveButtons({
  what,
  i,
  count,
  onMove,
  onRemove,
}: {
  what: string;
  i: number;
  count: number;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  return (
    <Group gap={4}>
      <Tooltip label="Move up" withArrow>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Move ${what} up`}
          disabled={i === 0}
          onClick={() => onMove(-1)}
        >
          <IconArrowUp size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Move down" withArrow>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Move ${what} down`}
          disabled={i === count - 1}
          onClick={() => onMove(1)}
        >
          <IconArrowDown size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Remove" withArrow>
        <ActionIcon variant="subtle" color="red" aria-label={`Remove ${what}`} onClick={onRemove}>
          <IconTrash size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

/** serverFields are the editor's fields as the server names them, besides their own names. */
const serverFields = (order: string[]) => [
  ...order,
  ...order.filter((f) => f.endsWith('.due.amount')).map((f) => f.replace(/\.due\.amount$/, '.due_offset_hours')),
];

function PlaybookForm({ playbook, onDone }: { playbook: Playbook | null; onDone: () => void }) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const form = useForm<PlaybookValues>({ initialValues: valuesOf(playbook), validate: (v) => validatePlaybook(v) });
  const values = form.getValues();

  const save = useMutation({
    mutationFn: async (v: PlaybookValues) =>
      playbook
        ? unwrap(
            await client.PUT('/playbooks/{id}', {
              params: { path: { id: playbook.id }, header: { 'If-Match': etagOf(playbook.current_version) } },
              body: inputOf(v),
            }),
          )
        : unwrap(await client.POST('/playbooks', { body: inputOf(v) })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.playbooks.all });
      onDone();
    },
    onError: (error) => {
      const order = fieldOrder(form.getValues());
      const { fields } = splitErrors(error, serverFields(order));
      const placed: Record<string, string> = {};
      for (const [f, msg] of Object.entries(fields)) if (msg) placed[editorField(f)] = msg;
      const merged = { ...(form.errors as Record<string, string>), ...placed };
      form.setErrors(merged);
      const first = order.find((f) => merged[f]);
      if (first) requestAnimationFrame(() => form.getInputNode(first)?.focus());
      if (isStale(error)) void queryClient.invalidateQueries({ queryKey: queryKeys.playbooks.all });
    },
  });

  const onSubmit = (event?: { preventDefault: () => void }) => {
    event?.preventDefault();
    form.validate();
    save.mutate(form.getValues());
  };
  const order = fieldOrder(values);
  const setTasks = (tasks: PlaybookValues['tasks']) => {
    form.setFieldValue('tasks', tasks);
    form.clearErrors();
  };
  const setMilestones = (ms: PlaybookValues['milestones']) => {
    form.setFieldValue('milestones', ms);
    form.clearErrors();
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={playbook ? `Edit ${playbook.name}` : 'New playbook'}>
      <Stack gap="sm">
        <FormAlert error={save.error} fields={serverFields(order)} noun="playbook" />
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <Textarea label="Description" autosize minRows={2} maxRows={6} {...form.getInputProps('description')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label="Category"
            required
            placeholder="Choose…"
            data={options(categories, (c) => categoryLabel[c])}
            allowDeselect={false}
            {...form.getInputProps('category')}
          />
          <Select
            label="Default severity"
            required
            data={options(severities, (s) => severityInfo[s].label)}
            allowDeselect={false}
            {...form.getInputProps('severity')}
          />
        </SimpleGrid>

        <Title order={3} size="h5" mt="sm">
          Tasks ({values.tasks.length})
        </Title>
        <Text size="xs" c="dimmed">
          Each task falls due its offset after the case&apos;s start: the time the organisation became aware of the
          incident (Aware at). Leave Due blank for a task without a due date.
        </Text>
        {form.errors.tasks ? (
          <Text size="sm" c="red" role="alert">
            {form.errors.tasks as string}
          </Text>
        ) : null}
        {values.tasks.map((t, i) => (
          <Card key={t.key} withBorder padding="sm" radius="md" aria-label={`Task ${i + 1}`} component="section">
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600}>
                  Task {i + 1}
                </Text>
                <MoveButtons
                  what={`task ${i + 1}`}
                  i={i}
                  count={values.tasks.length}
                  onMove={(by) => setTasks(move(values.tasks, i, by))}
                  onRemove={() => setTasks(values.tasks.filter((_, j) => j !== i))}
                />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput label="Title" required {...form.getInputProps(`tasks.${i}.title`)} />
                <TextInput label="Group" placeholder="e.g. Containment" {...form.getInputProps(`tasks.${i}.group`)} />
              </SimpleGrid>
              <OffsetInput
                label="Due after start"
                value={t.due}
                error={form.errors[`tasks.${i}.due.amount`]}
                onChange={(o) => form.setFieldValue(`tasks.${i}.due`, o)}
              />
              <Textarea
                label="Description"
                autosize
                minRows={1}
                maxRows={5}
                {...form.getInputProps(`tasks.${i}.description`)}
              />
              <Textarea
                label="Checklist (one item per line)"
                autosize
                minRows={1}
                maxRows={8}
                {...form.getInputProps(`tasks.${i}.checklist`)}
              />
            </Stack>
          </Card>
        ))}
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            disabled={values.tasks.length >= MAX_TASKS}
            onClick={() => setTasks([...values.tasks, blankTask()])}
          >
            Add task
          </Button>
        </Group>

        <Title order={3} size="h5" mt="sm">
          Suspension plan ({values.milestones.length})
        </Title>
        <Text size="xs" c="dimmed">
          Optional milestones for bringing a suspended service back. When a service is suspended on a case made from
          this playbook, the plan can be added to it, each milestone due its offset after the suspension began.
        </Text>
        {values.milestones.map((m, i) => (
          <Card key={m.key} withBorder padding="sm" radius="md" aria-label={`Milestone ${i + 1}`} component="section">
            <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
              <TextInput
                label={`Milestone ${i + 1}`}
                required
                style={{ flex: 1, minWidth: 200 }}
                {...form.getInputProps(`milestones.${i}.title`)}
              />
              <OffsetInput
                label="Due after suspension"
                value={m.due}
                error={form.errors[`milestones.${i}.due.amount`]}
                onChange={(o) => form.setFieldValue(`milestones.${i}.due`, o)}
              />
              <MoveButtons
                what={`milestone ${i + 1}`}
                i={i}
                count={values.milestones.length}
                onMove={(by) => setMilestones(move(values.milestones, i, by))}
                onRemove={() => setMilestones(values.milestones.filter((_, j) => j !== i))}
              />
            </Group>
          </Card>
        ))}
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            disabled={values.milestones.length >= MAX_MILESTONES}
            onClick={() => setMilestones([...values.milestones, blankMilestone()])}
          >
            Add milestone
          </Button>
        </Group>

        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {playbook ? `Save as version ${playbook.current_version + 1}` : 'Create playbook'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** PlaybookEditor: `playbook` null defines a new one, otherwise edits it (writing its next version). */
export function PlaybookEditor({
  opened,
  playbook,
  onClose,
}: {
  opened: boolean;
  playbook: Playbook | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={playbook ? `Edit ${playbook.name}` : 'New playbook'} size="xl">
      <PlaybookForm
        key={playbook ? `${playbook.id}:${playbook.current_version}` : 'new'}
        playbook={playbook}
        onDone={onClose}
      />
    </Modal>
  );
}
