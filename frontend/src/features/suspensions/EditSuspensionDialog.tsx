// Changing a suspension's details (above all its expected restoration date), with If-Match.
import { Button, Group, Modal, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';

import { formatDateTime, toLocalInput } from '../../components/restoration/format';
import type { Suspension, UpdateSuspensionRequest } from '../../components/restoration/types';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { useUpdateSuspension } from './mutations';
import {
  detailFields,
  detailLabels,
  ReplanReason,
  replanLabels,
  replanMissing,
  requiredErrors,
  SuspensionFields,
  toDetailsBody,
  type DetailValues,
} from './SuspensionFields';

export function detailsOf(s: Suspension): DetailValues {
  return {
    reason: s.reason,
    decided_by: s.decided_by,
    suspended_at: toLocalInput(s.suspended_at),
    expected_restoration_at: toLocalInput(s.expected_restoration_at),
    affected_users_estimate: s.affected_users_estimate ?? '',
    impact: s.impact,
    workaround: s.workaround,
  };
}

/** changedBody sends only what the form changed, so an untouched time is not rewritten at minute precision. */
export function changedBody(initial: DetailValues, current: DetailValues): UpdateSuspensionRequest {
  const full = toDetailsBody(current);
  const body: Record<string, unknown> = {};
  for (const field of detailFields) {
    if (String(initial[field]) !== String(current[field])) {
      body[field] = field === 'suspended_at' && !current.suspended_at ? undefined : full[field];
    }
  }
  return body;
}

/** The form's fields and the re-plan reason, so the server's error on either shows on it. */
const FIELDS = [...detailFields, 'replan_reason'] as const;

interface Values extends DetailValues {
  replan_reason: string;
}

/**
 * needsReplanReason: once a suspension has a baseline (its first expected date), moving the
 * expected date is a re-plan and the server asks why.
 */
export function needsReplanReason(
  s: Pick<Suspension, 'baseline_restoration_at'>,
  initial: DetailValues,
  current: DetailValues,
) {
  return s.baseline_restoration_at !== null && initial.expected_restoration_at !== current.expected_restoration_at;
}

interface Props {
  suspension: Suspension;
  serviceName: string;
  opened: boolean;
  onClose: () => void;
}

export function EditSuspensionDialog({ suspension, serviceName, opened, onClose }: Props) {
  // What the form started from: after a 412 the suspension reloads, and the edits are kept against it.
  const [initial] = useState(() => detailsOf(suspension));
  const form = useForm<Values>({
    name: 'edit-suspension',
    initialValues: { ...initial, replan_reason: '' },
    validate: (v) => ({
      ...requiredErrors(v),
      ...(needsReplanReason(suspension, initial, v) && !v.replan_reason.trim() ? { replan_reason: replanMissing } : {}),
    }),
  });
  const update = useUpdateSuspension((error) =>
    showServerErrors(form, error, FIELDS, { ...detailLabels, ...replanLabels }),
  );
  const replanning = needsReplanReason(suspension, initial, form.values);

  const close = () => {
    update.reset();
    onClose();
  };

  const onSubmit = submitAll(form, FIELDS, (values) => {
    const body = changedBody(initial, values);
    if (Object.keys(body).length === 0) {
      close();
      return;
    }
    // An empty reason is left out: the server names the missing field and it shows on it.
    if (replanning && values.replan_reason.trim()) body.replan_reason = values.replan_reason.trim();
    update.mutate({ id: suspension.id, version: suspension.version, body }, { onSuccess: close });
  });

  return (
    <Modal opened={opened} onClose={close} title={`Edit the suspension of ${serviceName}`} size="lg" centered>
      <form onSubmit={onSubmit} noValidate aria-label="Edit suspension">
        <Stack gap="sm">
          <FormAlert error={update.error} fields={FIELDS} noun="suspension" />
          <SuspensionFields form={form} />
          {replanning && (
            <ReplanReason
              what="expected"
              description={`Promised first for ${formatDateTime(suspension.baseline_restoration_at)}. The move is kept and shown to department heads.`}
              withAsterisk
              {...form.getInputProps('replan_reason')}
            />
          )}
          <ErrorSummary count={errorCount(form.errors)} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
