// Recording one phase of an obligation: when it was submitted and its reference, or the decision
// not to notify, and the reason for a delay. The server checks it all and names every field.
import { Button, Group, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';

import { fromLocalInput, toLocalInput } from '../../../components/dates';
import { sameTime } from '../caseForm';
import {
  ErrorSummary,
  errorCount,
  FormAlert,
  isStale,
  showServerErrors,
  StaleAlert,
  submitAll,
} from '../../../components/formErrors';
import { type ObligationPhase, type UpdateObligationPhaseRequest, useUpdatePhase } from './queries';

const FIELDS = ['submitted_at', 'reference', 'decision_rationale', 'delay_reason'] as const;
type Field = (typeof FIELDS)[number];
const LABELS: Record<Field, string> = {
  submitted_at: 'Submitted at',
  reference: 'Reference',
  decision_rationale: 'Decision not to notify',
  delay_reason: 'Reason for the delay',
};

type Values = Record<Field, string>;

const valuesOf = (p: ObligationPhase): Values => ({
  submitted_at: toLocalInput(p.submitted_at),
  reference: p.reference,
  decision_rationale: p.decision_rationale,
  delay_reason: p.delay_reason,
});

/** changed is the PATCH body: only the fields that differ from the phase as read. */
export function changed(p: ObligationPhase, v: Values): UpdateObligationPhaseRequest {
  const body: UpdateObligationPhaseRequest = {};
  if (!sameTime(v.submitted_at, p.submitted_at)) body.submitted_at = fromLocalInput(v.submitted_at) ?? null;
  if (v.reference.trim() !== p.reference) body.reference = v.reference.trim();
  if (v.decision_rationale.trim() !== p.decision_rationale) body.decision_rationale = v.decision_rationale.trim();
  if (v.delay_reason.trim() !== p.delay_reason) body.delay_reason = v.delay_reason.trim();
  return body;
}

export function PhaseForm({
  caseId,
  phase,
  regime,
  onDone,
}: {
  caseId: string;
  phase: ObligationPhase;
  regime: string;
  onDone: () => void;
}) {
  const form = useForm<Values>({ name: `phase-${phase.id ?? ''}`, initialValues: valuesOf(phase) });
  const save = useUpdatePhase(caseId, phase.id ?? '', phase.version, onDone);
  const onSubmit = submitAll(form, FIELDS, (v) =>
    save.mutate(changed(phase, v), { onError: (error) => showServerErrors(form, error, FIELDS, LABELS) }),
  );
  const field = (name: Field) => ({ label: LABELS[name], ...form.getInputProps(name) });
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`${regime}: ${phase.name}`}>
      <Stack gap="sm">
        {isStale(save.error) ? (
          <StaleAlert noun="phase" />
        ) : (
          <FormAlert error={save.error} fields={FIELDS} noun="phase" />
        )}
        <TextInput type="datetime-local" {...field('submitted_at')} />
        <TextInput description="Required once it has been submitted." {...field('reference')} />
        <Textarea
          description="Record it with its reasons when you decide not to notify."
          autosize
          minRows={2}
          {...field('decision_rationale')}
        />
        <Textarea
          description="Required when it was submitted after its deadline."
          autosize
          minRows={2}
          {...field('delay_reason')}
        />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={save.isPending}
            disabled={Object.keys(changed(phase, form.values)).length === 0}
          >
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
