// The regulator notifications: the GDPR Art. 33 clock (the case's own fields: the deadline, and what
// was notified or decided and why), then every other obligation (NIS2, PECR, …) with its phases.
import {
  Button,
  Card,
  Divider,
  Group,
  Input,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useForm } from '@mantine/form';
import { useState, type ReactNode } from 'react';

import type { Case, Versioned } from '../../api/types';
import { formatDateTime, formatDeadline } from '../../components/dates';
import {
  ErrorSummary,
  errorCount,
  FormAlert,
  isStale,
  showServerErrors,
  StaleAlert,
  submitAll,
} from '../../components/formErrors';
import { RegulatorDeadline } from '../../components/RegulatorDeadline';
import { ObligationsSection } from './obligations/ObligationsSection';
import { useUpdateCase } from './queries';
import {
  changedRegulator,
  chosen,
  decisionOf,
  type Decision,
  missingForDecision,
  REGULATOR_FIELDS,
  REGULATOR_LABELS,
  regulatorValues,
  type RegulatorValues,
  validateRegulator,
} from './regulatorForm';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Stack>
  );
}

const orDash = (v: string) => v || '—';

function RegulatorView({ c }: { c: Case }) {
  return (
    <Stack gap="sm">
      <Row label="Notification due">
        {c.regulator_notification_due_at
          ? formatDeadline(c.regulator_notification_due_at)
          : 'Not required: no personal data involved'}
      </Row>
      <Row label="Notified at">{formatDateTime(c.regulator_notified_at)}</Row>
      <Row label="Regulator's reference">{orDash(c.regulator_reference)}</Row>
      <Row label="Decision not to notify">{orDash(c.regulator_decision_rationale)}</Row>
      <Row label="Reason for the delay">{orDash(c.regulator_delay_reason)}</Row>
    </Stack>
  );
}

function RegulatorForm({
  current,
  onStale,
  onDone,
}: {
  current: Versioned<Case>;
  onStale: () => void;
  onDone: () => void;
}) {
  const [snapshot] = useState(current);
  const c = snapshot.item;
  const [decision, setDecision] = useState<Decision>(() => decisionOf(regulatorValues(c)));
  const form = useForm<RegulatorValues>({
    name: 'regulator',
    initialValues: regulatorValues(c),
    validate: (v) => validateRegulator(c, v, decision),
  });
  const save = useUpdateCase(snapshot, {
    onSaved: onDone,
    onStale,
    onError: (error) => showServerErrors(form, error, REGULATOR_FIELDS, REGULATOR_LABELS),
  });
  const body = changedRegulator(c, chosen(form.values, decision));
  const field = (name: keyof RegulatorValues) => ({ label: REGULATOR_LABELS[name], ...form.getInputProps(name) });

  const onSubmit = submitAll(
    form,
    REGULATOR_FIELDS,
    (v) => save.mutate(changedRegulator(c, chosen(v, decision))),
    missingForDecision(form.values, decision),
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Regulator notification">
      <Stack gap="sm">
        {isStale(save.error) ? null : <FormAlert error={save.error} fields={REGULATOR_FIELDS} noun="case" />}
        <Input.Wrapper label="Decision">
          <SegmentedControl
            fullWidth
            value={decision}
            onChange={(d) => {
              setDecision(d);
              form.clearErrors();
            }}
            data={[
              { value: 'notified', label: 'Notified' },
              { value: 'not_notifying', label: 'Decided not to notify' },
              { value: 'undecided', label: 'Not decided yet' },
            ]}
          />
        </Input.Wrapper>
        {decision === 'notified' ? (
          <>
            <TextInput type="datetime-local" required {...field('regulator_notified_at')} />
            <TextInput required {...field('regulator_reference')} />
            <Textarea
              description="Required when the notification came more than 72 hours after awareness (Art. 33(1))."
              autosize
              minRows={2}
              {...field('regulator_delay_reason')}
            />
          </>
        ) : null}
        {decision === 'not_notifying' ? (
          <Textarea
            description="Record it with its reasons when the breach is unlikely to result in a risk (Art. 33(5))."
            required
            autosize
            minRows={2}
            {...field('regulator_decision_rationale')}
          />
        ) : null}
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={Object.keys(body).length === 0}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RegulatorCard({ current, canEdit }: { current: Versioned<Case>; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const [stale, setStale] = useState(false);
  const c = current.item;
  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} fz="h4">
          Regulator
        </Title>
        <RegulatorDeadline c={c} />
      </Group>
      {stale ? (
        <Stack mb="sm">
          <StaleAlert noun="case" />
        </Stack>
      ) : null}
      {editing ? (
        <RegulatorForm
          // While editing, a background refetch leaves the form alone; after a 412 the form follows
          // the reloaded case, so it starts again from the version now stored.
          key={stale ? `reloaded-${c.version}` : 'editing'}
          current={current}
          onStale={() => setStale(true)}
          onDone={() => {
            setStale(false);
            setEditing(false);
          }}
        />
      ) : (
        <Stack gap="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            GDPR Art. 33 · supervisory authority
          </Text>
          <RegulatorView c={c} />
          {canEdit ? (
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPencil size={14} />}
              onClick={() => {
                setStale(false);
                setEditing(true);
              }}
              style={{ alignSelf: 'flex-start' }}
            >
              Record notification or decision
            </Button>
          ) : null}
          <Divider />
          <ObligationsSection caseId={c.id} canEdit={canEdit} />
        </Stack>
      )}
    </Card>
  );
}
