// Restoring a suspended service (when it came back, with a note) or cancelling a suspension recorded in error.
import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';

import { fromLocalInput } from '../../components/restoration/format';
import { splitErrors } from './formErrors';
import { useEndSuspension, type EndAction } from './mutations';

const fields = ['restored_at', 'note'] as const;
type Field = (typeof fields)[number];

const copy: Record<EndAction, { title: string; intro: string; confirm: string; color: string; failed: string }> = {
  restore: {
    title: 'Restore',
    intro: 'Record that the service is back. The case timeline and the dashboard will show it as restored.',
    confirm: 'Restore service',
    color: 'teal',
    failed: 'The service could not be restored',
  },
  cancel: {
    title: 'Cancel the suspension of',
    intro: 'For a suspension recorded in error, or reversed before the service was taken down. It stays in the history.',
    confirm: 'Cancel suspension',
    color: 'red',
    failed: 'The suspension could not be cancelled',
  },
};

interface Props {
  suspensionId: string;
  serviceName: string;
  action: EndAction;
  onClose: () => void;
}

export function EndSuspensionDialog({ suspensionId, serviceName, action, onClose }: Props) {
  const end = useEndSuspension();
  const [note, setNote] = useState('');
  const [restoredAt, setRestoredAt] = useState('');
  const text = copy[action];
  const server = splitErrors<Field>(end.error, fields, text.failed);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    end.mutate(
      { id: suspensionId, action, note, restoredAt: action === 'restore' ? fromLocalInput(restoredAt) : null },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal opened onClose={onClose} title={`${text.title} ${serviceName}`} centered>
      <form onSubmit={onSubmit} noValidate aria-label={text.confirm}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {text.intro}
          </Text>
          {server.form && (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} title={server.form.title} role="alert">
              {server.form.message}
            </Alert>
          )}
          {action === 'restore' && (
            <TextInput
              type="datetime-local"
              label="Restored at"
              description="Leave empty for now"
              value={restoredAt}
              onChange={(e) => setRestoredAt(e.currentTarget.value)}
              error={server.fields.restored_at}
            />
          )}
          <Textarea
            label="Note"
            description="Goes on the case timeline"
            resize="vertical"
            rows={2}
            maxLength={5000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={server.fields.note}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" color={text.color} loading={end.isPending}>
              {text.confirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
