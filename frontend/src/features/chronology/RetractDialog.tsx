// Retracting an entry: it stays in the chronology and every export, struck through, with who
// retracted it, when and why.
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';

import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { useRetractEntry } from './queries';
import type { ChronologyEntry } from './types';

const FIELDS = ['reason'] as const;

interface Props {
  caseId: string;
  entry: ChronologyEntry;
  onClose: () => void;
}

export function RetractDialog({ caseId, entry, onClose }: Props) {
  const form = useForm({
    name: `retract-entry-${entry.id}`,
    initialValues: { reason: '' },
    validate: { reason: (v: string) => (v.trim() ? null : 'Reason is required: say why the entry is retracted.') },
  });
  const retract = useRetractEntry(caseId, (error) => showServerErrors(form, error, FIELDS));
  const onSubmit = submitAll(form, FIELDS, (v) =>
    retract.mutate({ entry, reason: v.reason.trim() }, { onSuccess: onClose }),
  );
  return (
    <Modal opened onClose={onClose} title="Retract the entry" centered>
      <form onSubmit={onSubmit} noValidate aria-label="Retract chronology entry">
        <Stack gap="sm">
          <FormAlert error={retract.error} fields={FIELDS} noun="entry" />
          <Text size="sm">
            The entry stays in the chronology and in every export, struck through, with your reason. It can no longer be
            corrected.
          </Text>
          <Textarea
            label="Reason"
            withAsterisk
            autosize
            minRows={2}
            maxLength={1000}
            data-autofocus
            {...form.getInputProps('reason')}
          />
          <ErrorSummary count={errorCount(form.errors)} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose} disabled={retract.isPending}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={retract.isPending}>
              Retract entry
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
