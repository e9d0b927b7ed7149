// Adding an entry to the chronology, or correcting one: when it happened (in the reader's time
// zone, stored in UTC), what kind of step it was, what happened, and the case's evidence it rests
// on. A correction also says why; the audit trail keeps what the entry said before.
import { Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';

import { fromLocalInput, nowLocalInput, toLocalInput, zoneLabel } from '../../components/dates';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import type { Evidence } from '../evidence/types';
import { chronologyKinds, kindInfo } from './labels';
import { useAddEntry, useCorrectEntry } from './queries';
import { correction } from './story';
import type { ChronologyEntry, ChronologyKind } from './types';

const FIELDS = ['occurred_at', 'kind', 'body', 'evidence_ids', 'reason'] as const;

/** The form's labels where the server names a field otherwise (its field errors carry its label). */
const formLabels = { occurred_at: 'When it happened', body: 'What happened' };

interface Values {
  occurred_at: string; // datetime-local, in the reader's zone
  kind: ChronologyKind;
  body: string;
  evidence_ids: string[];
  reason: string;
}

interface Props {
  caseId: string;
  evidence: readonly Evidence[];
  /** The entry to correct; none adds a new one. */
  entry?: ChronologyEntry;
  onClose: () => void;
}

export function EntryDialog({ caseId, evidence, entry, onClose }: Props) {
  const correcting = entry !== undefined;
  const form = useForm<Values>({
    name: correcting ? `correct-entry-${entry.id}` : 'add-chronology-entry',
    initialValues: {
      occurred_at: entry ? toLocalInput(entry.occurred_at) : nowLocalInput(),
      kind: entry?.kind ?? 'detection',
      body: entry?.body ?? '',
      evidence_ids: entry ? [...entry.evidence_ids] : [],
      reason: '',
    },
    validate: {
      occurred_at: (v) => (fromLocalInput(v) ? null : 'When it happened is required: enter the date and time.'),
      body: (v) => (v.trim() ? null : 'What happened is required.'),
      reason: (v) => (correcting && !v.trim() ? 'Reason is required: say why the entry is corrected.' : null),
    },
  });
  const onError = (error: Error) => showServerErrors(form, error, FIELDS, formLabels);
  const add = useAddEntry(caseId, onError);
  const correct = useCorrectEntry(caseId, onError);
  const saving = add.isPending || correct.isPending;

  const onSubmit = submitAll(form, FIELDS, (v) => {
    const values = {
      kind: v.kind,
      occurred_at: fromLocalInput(v.occurred_at) ?? '',
      body: v.body,
      evidence_ids: v.evidence_ids,
    };
    if (!entry) {
      add.mutate(
        { ...values, body: values.body.trim(), ...(values.evidence_ids.length ? {} : { evidence_ids: undefined }) },
        { onSuccess: onClose },
      );
      return;
    }
    const body = correction(entry, values, v.reason);
    if (!body) {
      form.setFieldError('body', 'Nothing was changed: change the entry, or cancel.');
      return;
    }
    correct.mutate({ entry, body }, { onSuccess: onClose });
  });

  // Evidence the entry points to that the list no longer holds still shows, by id.
  const options = evidence.map((e) => ({ value: e.id, label: e.title }));
  for (const id of form.values.evidence_ids) {
    if (!options.some((o) => o.value === id)) options.push({ value: id, label: 'An evidence item' });
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={correcting ? 'Correct the entry' : 'Add to the chronology'}
      centered
      size="lg"
    >
      <form
        onSubmit={onSubmit}
        noValidate
        aria-label={correcting ? 'Correct chronology entry' : 'Add chronology entry'}
      >
        <Stack gap="sm">
          <FormAlert error={add.error ?? correct.error} fields={FIELDS} noun="entry" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              type="datetime-local"
              label="When it happened"
              withAsterisk
              description={`In ${zoneLabel()}; it may be before the case was opened.`}
              {...form.getInputProps('occurred_at')}
            />
            <Select
              label="Kind"
              withAsterisk
              data={chronologyKinds.map((k) => ({ value: k, label: kindInfo[k].label }))}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('kind')}
            />
          </SimpleGrid>
          <Textarea
            label="What happened"
            withAsterisk
            autosize
            minRows={3}
            maxRows={10}
            maxLength={10000}
            {...form.getInputProps('body')}
          />
          <MultiSelect
            label="Evidence"
            description={evidence.length ? 'Items of this case this entry rests on' : 'This case holds no evidence yet'}
            data={options}
            searchable
            clearable
            maxValues={20}
            disabled={options.length === 0}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('evidence_ids')}
          />
          {correcting ? (
            <Textarea
              label="Reason for the correction"
              withAsterisk
              autosize
              minRows={2}
              maxLength={1000}
              description="Kept in the audit trail with what the entry said before."
              {...form.getInputProps('reason')}
            />
          ) : (
            <Text size="xs" c="dimmed">
              The time you record it is kept too. Entries are never deleted: they can be corrected with a reason, or
              retracted.
            </Text>
          )}
          <ErrorSummary count={errorCount(form.errors)} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {correcting ? 'Save correction' : 'Add entry'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
