// Adding one observable: its type and value (defanged is fine: the server stores the canonical form), and its
// markings. A value the case already holds merges into it (the server answers 200 instead of 201).
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { cleanTags, withoutIndexes } from './forms';
import { typeOptions } from './labels';
import { MarkingFields } from './MarkingFields';
import { useAddObservable } from './queries';
import type { ObservableType, PAP, TLP } from './types';

const FIELDS = ['type', 'value', 'tlp', 'pap', 'ioc', 'tags'] as const;
const labels = { ioc: 'Indicator of compromise', tlp: 'TLP', pap: 'PAP' };

interface Values {
  type: ObservableType | null;
  value: string;
  tlp: TLP;
  pap: PAP;
  ioc: boolean;
  tags: string[];
}

interface Props {
  caseId: string;
  onClose: () => void;
  /** Called with what happened, once the value is on the case. */
  onDone: (report: string) => void;
}

export function AddObservableDialog({ caseId, onClose, onDone }: Props) {
  const form = useForm<Values>({
    name: 'add-observable',
    initialValues: { type: null, value: '', tlp: 'amber', pap: 'amber', ioc: false, tags: [] },
    validate: {
      type: (v) => (v ? null : 'Type is required: choose what kind of value it is.'),
      value: (v) => (v.trim() ? null : 'Value is required.'),
    },
  });
  const add = useAddObservable(caseId);

  const onSubmit = submitAll(form, FIELDS, (v) => {
    const tags = cleanTags(v.tags);
    add.mutate(
      // A missing type goes as it is: the server names it with any other problem, in one round.
      {
        type: v.type as ObservableType,
        value: v.value.trim(),
        tlp: v.tlp,
        pap: v.pap,
        ioc: v.ioc,
        ...(tags.length ? { tags } : {}),
      },
      {
        onSuccess: (r) => {
          onDone(
            r.merged
              ? 'The case already held this value: the markings and tags were merged into it.'
              : 'Added the observable.',
          );
          onClose();
        },
        onError: (error) => showServerErrors(form, withoutIndexes(error), FIELDS, labels),
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title="Add an observable" centered size="lg">
      <form onSubmit={onSubmit} noValidate aria-label="Add an observable">
        <Stack gap="sm">
          <FormAlert error={withoutIndexes(add.error)} fields={FIELDS} noun="observable" />
          <Select
            label="Type"
            withAsterisk
            data={typeOptions}
            searchable
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-autofocus
            {...form.getInputProps('type')}
          />
          <TextInput
            label="Value"
            withAsterisk
            description="Defanged is fine (192.0.2[.]1, hxxps://…, name[@]example[.]org): it is stored in one canonical form."
            maxLength={2048}
            autoComplete="off"
            spellCheck={false}
            dir="auto"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps('value')}
          />
          <MarkingFields
            tlp={form.getInputProps('tlp')}
            pap={form.getInputProps('pap')}
            ioc={form.getInputProps('ioc', { type: 'checkbox' })}
            tags={form.getInputProps('tags')}
          />
          <ErrorSummary count={errorCount(form.errors)} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose} disabled={add.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending}>
              Add observable
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
