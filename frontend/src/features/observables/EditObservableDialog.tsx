// Changing an observable's markings and notes. Its type and value are what it is (remove it and add another to
// change them). The change goes with If-Match: when someone else changed it first (412), the list is read
// again and the form starts over from the latest version, with a message saying so.
import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';

import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { change, withoutIndexes, type MarkingValues } from './forms';
import { typeLabel } from './labels';
import { MarkingFields } from './MarkingFields';
import { ObservableValue } from './ObservableValue';
import { useUpdateObservable } from './queries';
import type { Observable } from './types';

const FIELDS = ['tlp', 'pap', 'ioc', 'tags', 'description', 'source'] as const;
const labels = { ioc: 'Indicator of compromise', tlp: 'TLP', pap: 'PAP' };

interface Props {
  caseId: string;
  /** The observable as the list holds it now (after a 412, its latest version). */
  observable: Observable;
  onClose: () => void;
}

type Update = ReturnType<typeof useUpdateObservable>;

function EditForm({ observable: o, update, onClose }: { observable: Observable; update: Update; onClose: () => void }) {
  const form = useForm<MarkingValues>({
    name: `edit-observable-${o.id}`,
    initialValues: {
      tlp: o.tlp,
      pap: o.pap,
      ioc: o.ioc,
      tags: [...o.tags],
      description: o.description,
      source: o.source,
    },
  });
  const onSubmit = submitAll(form, FIELDS, (v) => {
    const body = change(o, v);
    if (!body) {
      onClose();
      return;
    }
    update.mutate(
      { observable: o, body },
      { onSuccess: onClose, onError: (error) => showServerErrors(form, withoutIndexes(error), FIELDS, labels) },
    );
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Edit the observable">
      <Stack gap="sm">
        <FormAlert error={withoutIndexes(update.error)} fields={FIELDS} noun="observable" />
        <div>
          <Text size="xs" c="dimmed" fw={600}>
            {typeLabel[o.type]}
          </Text>
          <ObservableValue value={o.value} />
        </div>
        <MarkingFields
          tlp={form.getInputProps('tlp')}
          pap={form.getInputProps('pap')}
          ioc={form.getInputProps('ioc', { type: 'checkbox' })}
          tags={form.getInputProps('tags')}
        />
        <TextInput
          label="Source"
          description="Where it was seen: a tool, a log, a report."
          maxLength={200}
          dir="auto"
          {...form.getInputProps('source')}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxRows={8}
          maxLength={4000}
          dir="auto"
          {...form.getInputProps('description')}
        />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function EditObservableDialog({ caseId, observable, onClose }: Props) {
  const update = useUpdateObservable(caseId);
  return (
    <Modal opened onClose={onClose} title="Edit the observable" centered size="lg">
      {/* A new version (read again after a 412) starts the form over from what it now holds. */}
      <EditForm key={observable.version} observable={observable} update={update} onClose={onClose} />
    </Modal>
  );
}
