// Adding a step to a restoration plan: a title and, usually, a due date.
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';

import { fromLocalInput } from '../../components/restoration/format';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { useAddMilestone } from './mutations';

const FIELDS = ['title', 'due_at'] as const;
const labels = { title: 'Milestone title', due_at: 'Due' };

export function AddMilestoneForm({ suspensionId }: { suspensionId: string }) {
  const form = useForm({
    name: `add-milestone-${suspensionId}`,
    initialValues: { title: '', due_at: '' },
    validate: { title: (title) => (title.trim() ? null : 'Milestone title is required.') },
  });
  const add = useAddMilestone(suspensionId, (error) => showServerErrors(form, error, FIELDS, labels));

  const onSubmit = submitAll(form, FIELDS, (values) =>
    add.mutate(
      { title: values.title.trim(), due_at: fromLocalInput(values.due_at) },
      { onSuccess: () => form.reset() },
    ),
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a milestone">
      <Stack gap="xs">
        <FormAlert error={add.error} fields={FIELDS} noun="plan" />
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label="Milestone title"
            placeholder="e.g. Supplier fix deployed"
            maxLength={300}
            style={{ flex: '1 1 240px' }}
            {...form.getInputProps('title')}
          />
          <TextInput
            type="datetime-local"
            label="Due"
            style={{ flex: '0 1 220px' }}
            {...form.getInputProps('due_at')}
          />
          <Button type="submit" mt={25} variant="light" leftSection={<IconPlus size={16} />} loading={add.isPending}>
            Add milestone
          </Button>
        </Group>
        <ErrorSummary count={errorCount(form.errors)} />
      </Stack>
    </form>
  );
}
