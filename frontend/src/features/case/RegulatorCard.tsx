// The regulator notification (GDPR Art. 33): the deadline, and what was notified or decided and why.
import { Button, Card, Group, Input, SegmentedControl, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';

import type { Case, Versioned } from '../../api/types';
import { formatDateTime, formatDeadline } from '../../components/dates';
import { FormAlert, isStale, StaleAlert, useFieldErrors } from '../../components/formErrors';
import { RegulatorDeadline } from '../../components/RegulatorDeadline';
import { changedRegulator, REGULATOR_FIELDS, regulatorValues, type RegulatorValues } from './caseForm';
import { useUpdateCase } from './queries';

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
      <Row label="Reason for delay">{orDash(c.regulator_delay_reason)}</Row>
    </Stack>
  );
}

/** The regulator decision is one exclusive choice: notified (with its time), decided not to (with its reason), or not yet. */
export type Decision = 'notified' | 'not_notifying' | 'undecided';

export const decisionOf = (v: RegulatorValues): Decision =>
  v.regulator_notified_at ? 'notified' : v.regulator_decision_rationale.trim() ? 'not_notifying' : 'undecided';

/** chosen keeps only what the decision records: never a notification and a decision not to notify together. */
export function chosen(v: RegulatorValues, d: Decision): RegulatorValues {
  if (d === 'notified') return { ...v, regulator_decision_rationale: '' };
  if (d === 'not_notifying')
    return { ...v, regulator_notified_at: '', regulator_reference: '', regulator_delay_reason: '' };
  return {
    regulator_notified_at: '',
    regulator_reference: '',
    regulator_decision_rationale: '',
    regulator_delay_reason: '',
  };
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
  const [values, setValues] = useState<RegulatorValues>(() => regulatorValues(c));
  const [decision, setDecision] = useState<Decision>(() => decisionOf(regulatorValues(c)));
  const errors = useFieldErrors(REGULATOR_FIELDS);
  const save = useUpdateCase(snapshot, { onSaved: onDone, onStale });
  const body = changedRegulator(c, chosen(values, decision));

  const set = (field: keyof RegulatorValues) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    errors.clear(field);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    errors.reset();
    save.mutate(body, { onError: errors.fromError });
  };

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
              errors.reset();
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
            <TextInput
              label="Notified at"
              type="datetime-local"
              value={values.regulator_notified_at}
              onChange={(e) => set('regulator_notified_at')(e.currentTarget.value)}
              error={errors.errors.regulator_notified_at}
            />
            <TextInput
              label="Regulator's reference"
              value={values.regulator_reference}
              onChange={(e) => set('regulator_reference')(e.currentTarget.value)}
              error={errors.errors.regulator_reference}
            />
            <Textarea
              label="Reason for delay"
              description="Required when the notification came more than 72 hours after awareness (Art. 33(1))."
              autosize
              minRows={2}
              value={values.regulator_delay_reason}
              onChange={(e) => set('regulator_delay_reason')(e.currentTarget.value)}
              error={errors.errors.regulator_delay_reason}
            />
          </>
        ) : null}
        {decision === 'not_notifying' ? (
          <Textarea
            label="Decision not to notify"
            description="Record it with its reasons when the breach is unlikely to result in a risk (Art. 33(5))."
            autosize
            minRows={2}
            value={values.regulator_decision_rationale}
            onChange={(e) => set('regulator_decision_rationale')(e.currentTarget.value)}
            error={errors.errors.regulator_decision_rationale}
          />
        ) : null}
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
        </Stack>
      )}
    </Card>
  );
}
