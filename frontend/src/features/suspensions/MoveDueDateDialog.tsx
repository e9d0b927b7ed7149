// Moving a milestone's due date. The first date a step gets is its baseline; every later
// move is a re-plan that says why, kept and shown to department heads like the suspension's.
import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { IconAlertCircle, IconRefreshAlert } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';

import { ApiError } from '../../api/problem';
import { formatDateTime, fromLocalInput, toLocalInput } from '../../components/restoration/format';
import type { Milestone } from '../../components/restoration/types';
import { formProblem } from '../../components/formErrors';
import { useMoveMilestone } from './mutations';

const formFields = ['due_at', 'replan_reason'] as const;
type FormField = (typeof formFields)[number];

interface Props {
  milestone: Milestone;
  onClose: () => void;
}

export function MoveDueDateDialog({ milestone: m, onClose }: Props) {
  const move = useMoveMilestone();
  const [due, setDue] = useState(toLocalInput(m.due_at));
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const replanning = m.baseline_due_at !== null;
  const stale = move.error instanceof ApiError && move.error.status === 412;
  const server = formProblem<FormField>(stale ? null : move.error, formFields, 'The due date could not be moved');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = fromLocalInput(due);
    if (next === m.due_at || (next !== null && m.due_at !== null && Date.parse(next) === Date.parse(m.due_at))) {
      onClose();
      return;
    }
    if (replanning && !reason.trim()) {
      setReasonMissing(true);
      return;
    }
    move.mutate({ milestone: m, dueAt: next, reason: reason.trim() || undefined }, { onSuccess: onClose });
  };

  return (
    <Modal opened onClose={onClose} title={`Move the due date of ${m.title}`} centered>
      <form onSubmit={onSubmit} noValidate aria-label="Move due date">
        <Stack gap="sm">
          {stale && (
            <Alert
              color="yellow"
              variant="light"
              icon={<IconRefreshAlert />}
              title="Changed by someone else"
              role="alert"
            >
              This step was changed by someone else meanwhile and has been reloaded: close this and try again.
            </Alert>
          )}
          {server.form && (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} title={server.form.title} role="alert">
              {server.form.message}
            </Alert>
          )}
          <TextInput
            type="datetime-local"
            label="Due"
            description={
              m.baseline_due_at
                ? `First due ${formatDateTime(m.baseline_due_at)}; now ${formatDateTime(m.due_at, 'no date')}.`
                : 'The first date set is kept as the step’s baseline.'
            }
            value={due}
            onChange={(e) => setDue(e.currentTarget.value)}
            error={server.fields.due_at}
          />
          {replanning && (
            <Textarea
              label="Why does the due date move?"
              description="The move is kept with its reason and shown on the case timeline."
              withAsterisk
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setReasonMissing(false);
              }}
              error={reasonMissing ? 'Say why the date moves.' : server.fields.replan_reason}
            />
          )}
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
