// Changing a suspension's details (above all its expected restoration date), with If-Match.
import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { IconAlertCircle, IconRefreshAlert } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';

import { ApiError } from '../../api/problem';
import { formatDateTime, toLocalInput } from '../../components/restoration/format';
import type { Suspension, UpdateSuspensionRequest } from '../../components/restoration/types';
import { formProblem } from '../../components/formErrors';
import { useUpdateSuspension } from './mutations';
import {
  detailFields,
  requiredErrors,
  SuspensionFields,
  toDetailsBody,
  type DetailField,
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
const formFields = [...detailFields, 'replan_reason'] as const;
type FormField = (typeof formFields)[number];

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
  const update = useUpdateSuspension();
  const [initial, setInitial] = useState(() => detailsOf(suspension));
  const [values, setValues] = useState(initial);
  const [localErrors, setLocalErrors] = useState<Partial<Record<DetailField, string>>>({});
  const [replanReason, setReplanReason] = useState('');
  const replanning = needsReplanReason(suspension, initial, values);

  const stale = update.error instanceof ApiError && update.error.status === 412;
  const server = formProblem<FormField>(stale ? null : update.error, formFields, 'The changes could not be saved');
  const errors = { ...server.fields, ...localErrors };

  const close = () => {
    update.reset();
    setLocalErrors({});
    setReplanReason('');
    onClose();
  };

  const change = <K extends DetailField>(field: K, value: DetailValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setLocalErrors(({ [field]: _, ...rest }) => rest);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing = requiredErrors(values);
    setLocalErrors(missing);
    if (Object.keys(missing).length > 0) return;
    const body = changedBody(initial, values);
    if (Object.keys(body).length === 0) {
      close();
      return;
    }
    // An empty reason is left out: the server names the missing field and it shows below.
    if (replanning && replanReason.trim()) body.replan_reason = replanReason.trim();
    update.mutate(
      { id: suspension.id, version: suspension.version, body },
      {
        onSuccess: (saved) => {
          const next = detailsOf(saved);
          setInitial(next);
          setValues(next);
          close();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={`Edit the suspension of ${serviceName}`} size="lg" centered>
      <form onSubmit={onSubmit} noValidate aria-label="Edit suspension">
        <Stack gap="sm">
          {stale && (
            <Alert
              color="yellow"
              variant="light"
              icon={<IconRefreshAlert />}
              title="Changed by someone else"
              role="alert"
            >
              This suspension was changed by someone else meanwhile and has been reloaded. Your edits are kept: check
              them and save again.
            </Alert>
          )}
          {server.form && (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} title={server.form.title} role="alert">
              {server.form.message}
            </Alert>
          )}
          <SuspensionFields values={values} errors={errors} onChange={change} />
          {replanning && (
            <Textarea
              label="Why does the expected date move?"
              description={`Promised first for ${formatDateTime(suspension.baseline_restoration_at)}. The move is kept and shown to department heads.`}
              withAsterisk
              resize="vertical"
              rows={2}
              maxLength={1000}
              value={replanReason}
              onChange={(e) => setReplanReason(e.currentTarget.value)}
              error={server.fields.replan_reason}
            />
          )}
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
