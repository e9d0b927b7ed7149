// Every notification obligation of a case beyond its own GDPR Art. 33 clock (NIS2, PECR, Art. 34,
// or a regime an administrator added): each phase with its deadline, countdown and record, and a
// way to add a regime that applies.
import { Badge, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';

import { phaseDeadline } from '../../../components/countdown';
import { formatDateTime, formatDeadline } from '../../../components/dates';
import { FormAlert } from '../../../components/formErrors';
import { LoadError, LoadingRows } from '../../../components/PageStates';
import { useNow } from '../../../components/useNow';
import { PhaseForm } from './PhaseForm';
import { type Obligation, type ObligationPhase, useAddObligation, useObligations, useRegimes } from './queries';

const toneColor = { neutral: 'gray', done: 'teal', due: 'blue', soon: 'orange', overdue: 'red' } as const;

const audiences: Record<ObligationPhase['audience'], string> = {
  regulator: 'Regulator',
  csirt: 'CSIRT',
  data_subjects: 'Data subjects',
  other: 'Other',
};

function PhaseRow({
  caseId,
  regime,
  phase,
  canEdit,
}: {
  caseId: string;
  regime: string;
  phase: ObligationPhase;
  canEdit: boolean;
}) {
  const now = useNow();
  const [editing, setEditing] = useState(false);
  const d = phaseDeadline(phase, now);
  return (
    <Stack gap={4} data-testid="obligation-phase" data-phase={phase.name}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text size="sm" fw={600}>
            {phase.position}. {phase.name}
          </Text>
          <Text size="xs" c="dimmed">
            {audiences[phase.audience]} · {phase.rule_text}
          </Text>
          {phase.due_at ? (
            <Text size="xs" c="dimmed">
              Due {formatDeadline(phase.due_at)}
            </Text>
          ) : null}
        </div>
        <Badge
          color={toneColor[d.tone]}
          variant={d.tone === 'overdue' ? 'filled' : 'light'}
          radius="sm"
          style={{ textTransform: 'none', flexShrink: 0 }}
          data-testid="phase-deadline"
          data-tone={d.tone}
        >
          {d.label}
        </Badge>
      </Group>
      {phase.submitted_at ? (
        <Text size="xs">
          Submitted {formatDateTime(phase.submitted_at)} · reference {phase.reference}
          {phase.late ? ` · late: ${phase.delay_reason}` : ''}
        </Text>
      ) : null}
      {phase.decision_rationale ? <Text size="xs">Not notifying: {phase.decision_rationale}</Text> : null}
      {editing ? (
        <PhaseForm caseId={caseId} phase={phase} regime={regime} onDone={() => setEditing(false)} />
      ) : canEdit ? (
        <Button
          variant="subtle"
          size="compact-xs"
          leftSection={<IconPencil size={12} />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() => setEditing(true)}
          aria-label={`Record ${phase.name} (${regime})`}
        >
          Record
        </Button>
      ) : null}
    </Stack>
  );
}

function ObligationBlock({ caseId, o, canEdit }: { caseId: string; o: Obligation; canEdit: boolean }) {
  return (
    <Stack gap="xs" data-testid="obligation" data-regime={o.regime_name}>
      <Title order={3} fz="sm">
        {o.regime_name}
      </Title>
      {o.phases.map((p) => (
        <PhaseRow key={p.position} caseId={caseId} regime={o.regime_name} phase={p} canEdit={canEdit} />
      ))}
    </Stack>
  );
}

function AddObligation({ caseId, carried }: { caseId: string; carried: Set<string> }) {
  const regimes = useRegimes();
  const add = useAddObligation(caseId);
  const [choice, setChoice] = useState<string | null>(null);
  const options = (regimes.data ?? [])
    .filter((r) => !carried.has(r.id) && r.name !== 'GDPR Art. 33')
    .map((r) => ({ value: r.id, label: r.name }));
  if (regimes.isError) return <LoadError error={regimes.error} title="The regimes could not be loaded" />;
  if (options.length === 0 && !regimes.isPending) return null;
  return (
    <Stack gap="xs">
      <FormAlert error={add.error} fields={[]} noun="obligation" />
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Select
          label="Another regime applies"
          placeholder="Choose a regime"
          data={options}
          value={choice}
          onChange={setChoice}
          disabled={regimes.isPending}
          style={{ flex: 1 }}
        />
        <Button
          leftSection={<IconPlus size={14} />}
          disabled={!choice}
          loading={add.isPending}
          onClick={() => {
            if (choice) add.mutate(choice, { onSuccess: () => setChoice(null) });
          }}
        >
          Add
        </Button>
      </Group>
    </Stack>
  );
}

export function ObligationsSection({ caseId, canEdit }: { caseId: string; canEdit: boolean }) {
  const obligations = useObligations(caseId);
  if (obligations.isPending) return <LoadingRows rows={2} label="Loading the notification obligations" />;
  if (obligations.isError) {
    return (
      <LoadError
        error={obligations.error}
        title="The notification obligations could not be loaded"
        onRetry={() => void obligations.refetch()}
        retrying={obligations.isFetching}
      />
    );
  }
  // The GDPR Art. 33 obligation is the case's own regulator fields, shown above.
  const others = obligations.data.filter((o) => !o.from_case);
  const carried = new Set(obligations.data.map((o) => o.regime_id));
  return (
    <Stack gap="md" aria-label="Other notification obligations" role="region">
      {others.length === 0 ? (
        <Text size="sm" c="dimmed">
          No other regime recorded (NIS2, PECR, GDPR Art. 34…).
        </Text>
      ) : (
        others.map((o) => <ObligationBlock key={o.id ?? o.regime_id} caseId={caseId} o={o} canEdit={canEdit} />)
      )}
      {canEdit ? <AddObligation caseId={caseId} carried={carried} /> : null}
    </Stack>
  );
}
