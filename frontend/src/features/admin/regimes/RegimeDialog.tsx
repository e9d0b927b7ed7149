// Adding a notification regime: its name, and its phases in order, each with who is told and
// when (hours or months after awareness, after an earlier phase, or no fixed deadline).
import { ActionIcon, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';

import { ApiError } from '../../../api/problem';
import { ErrorSummary, errorCount, FormAlert } from '../../../components/formErrors';
import { useCreateRegime } from '../../case/obligations/queries';
import { emptyPhase, regimeBody, regimeErrors, type RegimeValues, type RuleKind } from './regimeForm';

const AUDIENCES = [
  { value: 'regulator', label: 'Regulator' },
  { value: 'csirt', label: 'CSIRT / competent authority' },
  { value: 'data_subjects', label: 'Data subjects' },
  { value: 'other', label: 'Other' },
];
const KINDS = [
  { value: 'from_awareness', label: 'After awareness' },
  { value: 'after_phase', label: 'After an earlier phase is submitted' },
  { value: 'none', label: 'No fixed deadline' },
];
const UNITS = [
  { value: 'hours', label: 'hours' },
  { value: 'months', label: 'months' },
];

function RegimeForm({ onDone }: { onDone: () => void }) {
  const form = useForm<RegimeValues>({
    initialValues: { name: '', description: '', phases: [emptyPhase()] },
  });
  const save = useCreateRegime(onDone);
  const onSubmit = form.onSubmit((v) =>
    save.mutate(regimeBody(v), {
      onError: (error) => {
        form.setErrors(regimeErrors(error));
      },
    }),
  );
  const nonField = save.error && !(save.error instanceof ApiError && save.error.status === 422) ? save.error : null;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="New regime">
      <Stack gap="sm">
        <FormAlert error={nonField} fields={[]} noun="regime" />
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        {form.values.phases.map((p, i) => (
          <Stack
            key={i}
            gap="xs"
            p="sm"
            style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
          >
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                Phase {i + 1}
              </Text>
              {form.values.phases.length > 1 ? (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove phase ${i + 1}`}
                  onClick={() => form.removeListItem('phases', i)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              ) : null}
            </Group>
            <TextInput label={`Phase ${i + 1} name`} required {...form.getInputProps(`phases.${i}.name`)} />
            <Select
              label={`Phase ${i + 1} audience`}
              data={AUDIENCES}
              allowDeselect={false}
              {...form.getInputProps(`phases.${i}.audience`)}
            />
            <Select
              label={`Phase ${i + 1} deadline`}
              data={KINDS}
              allowDeselect={false}
              {...form.getInputProps(`phases.${i}.kind`)}
              onChange={(v) => form.setFieldValue(`phases.${i}.kind`, (v ?? 'none') as RuleKind)}
            />
            {p.kind !== 'none' ? (
              <Group grow align="flex-start">
                <NumberInput label={`Phase ${i + 1} offset`} min={1} {...form.getInputProps(`phases.${i}.offset`)} />
                <Select
                  label={`Phase ${i + 1} unit`}
                  data={UNITS}
                  allowDeselect={false}
                  {...form.getInputProps(`phases.${i}.unit`)}
                />
              </Group>
            ) : null}
            {p.kind === 'after_phase' ? (
              <NumberInput
                label={`Phase ${i + 1} follows phase`}
                description="The number of the earlier phase whose submission starts this deadline."
                min={1}
                max={i}
                {...form.getInputProps(`phases.${i}.after`)}
              />
            ) : null}
          </Stack>
        ))}
        {form.errors.phases ? (
          <Text size="sm" c="red">
            {form.errors.phases}
          </Text>
        ) : null}
        <Button
          variant="default"
          leftSection={<IconPlus size={14} />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() => form.insertListItem('phases', emptyPhase())}
          disabled={form.values.phases.length >= 10}
        >
          Add a phase
        </Button>
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Create regime
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RegimeDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New regime" size="lg">
      {opened ? <RegimeForm onDone={onClose} /> : null}
    </Modal>
  );
}
