// Restoring a suspended service (when it came back, with a note) or cancelling a suspension recorded in error.
// A plan with open milestones makes the server answer 409 with them: the dialog lists them and asks
// whether to mark them done or cancel them, then retries with that choice.
import { Alert, Button, Group, List, Modal, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';

import { ApiError } from '../../api/problem';
import { MilestoneStatusBadge } from '../../components/restoration/badges';
import { fromLocalInput } from '../../components/restoration/format';
import type { OpenMilestone, OpenMilestonesChoice } from '../../components/restoration/types';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { useEndSuspension, type EndAction } from './mutations';

/** openMilestonesOf: the milestones a 409 says are still open, or null for any other answer. */
export function openMilestonesOf(error: unknown): OpenMilestone[] | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const open = error.problem?.open_milestones;
  return open && open.length > 0 ? open : null;
}

const FIELDS = ['restored_at', 'note'] as const;

const copy: Record<EndAction, { title: string; intro: string; confirm: string; color: string }> = {
  restore: {
    title: 'Restore',
    intro: 'Record that the service is back. The case timeline and the dashboard will show it as restored.',
    confirm: 'Restore service',
    color: 'teal',
  },
  cancel: {
    title: 'Cancel the suspension of',
    intro:
      'For a suspension recorded in error, or reversed before the service was taken down. It stays in the history.',
    confirm: 'Cancel suspension',
    color: 'red',
  },
};

interface Props {
  suspensionId: string;
  serviceName: string;
  action: EndAction;
  onClose: () => void;
}

export function EndSuspensionDialog({ suspensionId, serviceName, action, onClose }: Props) {
  const form = useForm({ name: 'end-suspension', initialValues: { restored_at: '', note: '' } });
  // Kept apart from end.error, which clears while the retry is under way.
  const [open, setOpen] = useState<OpenMilestone[] | null>(null);
  const [choice, setChoice] = useState<OpenMilestonesChoice | null>(null);
  const text = copy[action];
  const end = useEndSuspension((error) => {
    setOpen(openMilestonesOf(error) ?? open);
    showServerErrors(form, error, FIELDS);
  });

  const onSubmit = submitAll(form, FIELDS, (values) =>
    end.mutate(
      {
        id: suspensionId,
        action,
        note: values.note,
        restoredAt: action === 'restore' ? fromLocalInput(values.restored_at) : null,
        openMilestones: open ? choice : null,
      },
      { onSuccess: onClose },
    ),
  );

  return (
    <Modal opened onClose={onClose} title={`${text.title} ${serviceName}`} centered>
      <form onSubmit={onSubmit} noValidate aria-label={text.confirm}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {text.intro}
          </Text>
          <FormAlert error={openMilestonesOf(end.error) ? null : end.error} fields={FIELDS} noun="suspension" />
          {action === 'restore' && (
            <TextInput
              type="datetime-local"
              label="Restored at"
              description="Leave empty for now"
              {...form.getInputProps('restored_at')}
            />
          )}
          {open && (
            <Alert color="orange" variant="light" icon={<IconAlertCircle />} title={openTitle(open.length)}>
              <Stack gap="xs">
                <List size="sm" spacing={4} aria-label="Open milestones">
                  {open.map((m) => (
                    <List.Item key={m.id}>
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm">{m.title}</Text>
                        <MilestoneStatusBadge status={m.status} />
                      </Group>
                    </List.Item>
                  ))}
                </List>
                <Radio.Group
                  label="What should happen to them?"
                  value={choice ?? ''}
                  onChange={(v) => setChoice(v as OpenMilestonesChoice)}
                  required
                >
                  <Stack gap={6} mt={6}>
                    <Radio value="complete" label="Mark them done (completed when the service came back)" />
                    <Radio value="cancel" label="Cancel them (they no longer count in the plan)" />
                  </Stack>
                </Radio.Group>
              </Stack>
            </Alert>
          )}
          <Textarea
            label="Note"
            description="Goes on the case timeline"
            resize="vertical"
            rows={2}
            maxLength={5000}
            {...form.getInputProps('note')}
          />
          <ErrorSummary count={errorCount(form.errors)} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button
              type="submit"
              color={text.color}
              loading={end.isPending}
              disabled={open !== null && choice === null}
            >
              {text.confirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function openTitle(n: number): string {
  return n === 1 ? '1 milestone is still open' : `${n} milestones are still open`;
}
