// Adding a step to a restoration plan: a title and, usually, a due date.
import { Alert, Button, Group, TextInput } from '@mantine/core';
import { IconAlertCircle, IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';

import { fromLocalInput } from '../../components/restoration/format';
import { formProblem } from '../../components/formErrors';
import { useAddMilestone } from './mutations';

const fields = ['title', 'due_at'] as const;
type Field = (typeof fields)[number];

export function AddMilestoneForm({ suspensionId }: { suspensionId: string }) {
  const add = useAddMilestone(suspensionId);
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [titleMissing, setTitleMissing] = useState(false);
  const server = formProblem<Field>(add.error, fields, 'The milestone could not be added');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!title.trim()) {
      setTitleMissing(true);
      add.reset();
      return;
    }
    add.mutate(
      { title: title.trim(), due_at: fromLocalInput(due) },
      {
        onSuccess: () => {
          setTitle('');
          setDue('');
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a milestone">
      {server.form && (
        <Alert color="red" variant="light" icon={<IconAlertCircle />} title={server.form.title} role="alert" mb="xs">
          {server.form.message}
        </Alert>
      )}
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label="Milestone title"
          placeholder="e.g. Supplier fix deployed"
          maxLength={300}
          style={{ flex: '1 1 240px' }}
          value={title}
          onChange={(e) => {
            setTitle(e.currentTarget.value);
            setTitleMissing(false);
          }}
          error={titleMissing ? 'Give the milestone a title.' : server.fields.title}
        />
        <TextInput
          type="datetime-local"
          label="Due"
          style={{ flex: '0 1 220px' }}
          value={due}
          onChange={(e) => setDue(e.currentTarget.value)}
          error={server.fields.due_at}
        />
        <Button type="submit" mt={25} variant="light" leftSection={<IconPlus size={16} />} loading={add.isPending}>
          Add milestone
        </Button>
      </Group>
    </form>
  );
}
