// Moving a milestone's due date. The first date a step gets is its baseline; every later
// move is a re-plan that says why, kept and shown to department heads like the suspension's.
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { formatDateTime, fromLocalInput, toLocalInput } from '../../components/restoration/format';
import type { Milestone } from '../../components/restoration/types';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { useMoveMilestone } from './mutations';
import { ReplanReason, replanLabels, replanMissing } from './SuspensionFields';

const FIELDS = ['due_at', 'replan_reason'] as const;

interface Values {
  due_at: string; // datetime-local
  replan_reason: string;
}

/** sameMoment tells whether a new due date (ISO or null) is the one the step has. */
const sameMoment = (next: string | null, current: string | null) =>
  next === current || (next !== null && current !== null && Date.parse(next) === Date.parse(current));

interface Props {
  milestone: Milestone;
  onClose: () => void;
}

export function MoveDueDateDialog({ milestone: m, onClose }: Props) {
  const replanning = m.baseline_due_at !== null;
  const form = useForm<Values>({
    name: 'move-due-date',
    initialValues: { due_at: toLocalInput(m.due_at), replan_reason: '' },
    validate: {
      replan_reason: (reason) => (replanning && !reason.trim() ? replanMissing : null),
    },
  });
  const move = useMoveMilestone((error) => showServerErrors(form, error, FIELDS, { due_at: 'Due', ...replanLabels }));

  const onSubmit = (event?: { preventDefault: () => void }) => {
    event?.preventDefault();
    if (sameMoment(fromLocalInput(form.values.due_at), m.due_at)) {
      onClose();
      return;
    }
    submitAll(form, FIELDS, (values) =>
      move.mutate(
        { milestone: m, dueAt: fromLocalInput(values.due_at), reason: values.replan_reason.trim() || undefined },
        { onSuccess: onClose },
      ),
    )();
  };

  return (
    <Modal opened onClose={onClose} title={`Move the due date of ${m.title}`} centered>
      <form onSubmit={onSubmit} noValidate aria-label="Move due date">
        <Stack gap="sm">
          <FormAlert error={move.error} fields={FIELDS} noun="step" />
          <TextInput
            type="datetime-local"
            label="Due"
            description={
              m.baseline_due_at
                ? `First due ${formatDateTime(m.baseline_due_at)}; now ${formatDateTime(m.due_at, 'no date')}.`
                : 'The first date set is kept as the step’s baseline.'
            }
            {...form.getInputProps('due_at')}
          />
          {replanning && (
            <ReplanReason
              what="due"
              description="The move is kept with its reason and shown on the case timeline."
              withAsterisk
              {...form.getInputProps('replan_reason')}
            />
          )}
          <ErrorSummary count={errorCount(form.errors)} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={move.isPending}>
              Move due date
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
