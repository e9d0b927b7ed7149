// "New case": what happened, how bad, whose, when it was detected and when we became aware of it.
import {
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys, useDepartments } from '../../api/queries';
import type { Category, CreateCaseRequest, Severity } from '../../api/types';
import { categories, categoryLabel, options, severities, severityInfo } from '../../components/caseLabels';
import { fromLocalInput, nowLocalInput } from '../../components/dates';
import { departmentOptions } from '../../components/departments';
import { FormAlert, useFieldErrors } from '../../components/formErrors';

const FIELDS = [
  'title',
  'summary',
  'category',
  'severity',
  'department_id',
  'detected_at',
  'aware_at',
  'personal_data_involved',
  'data_subjects_estimate',
  'restricted',
] as const;
type Field = (typeof FIELDS)[number];

interface Values {
  title: string;
  summary: string;
  category: Category | null;
  severity: Severity;
  department_id: string | null;
  detected_at: string;
  aware_at: string;
  personal_data_involved: boolean;
  data_subjects_estimate: number | string;
  restricted: boolean;
}

const initial = (): Values => ({
  title: '',
  summary: '',
  category: null,
  severity: 'medium',
  department_id: null,
  detected_at: nowLocalInput(),
  aware_at: nowLocalInput(),
  personal_data_involved: false,
  data_subjects_estimate: '',
  restricted: false,
});

/** toRequest is the POST /cases body; unset optional fields are left out so the server applies its defaults. */
export function toRequest(v: Values): CreateCaseRequest {
  return {
    title: v.title.trim(),
    summary: v.summary.trim() || undefined,
    // An unset category or time is sent as missing: the server names the field.
    category: (v.category ?? undefined) as Category,
    severity: v.severity,
    department_id: v.department_id,
    detected_at: fromLocalInput(v.detected_at) as string,
    aware_at: fromLocalInput(v.aware_at) as string,
    personal_data_involved: v.personal_data_involved,
    data_subjects_estimate: typeof v.data_subjects_estimate === 'number' ? v.data_subjects_estimate : null,
    restricted: v.restricted,
  };
}

function NewCaseForm({ onCancel }: { onCancel: () => void }) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const departments = useDepartments();
  const [values, setValues] = useState<Values>(initial);
  const errors = useFieldErrors(FIELDS);

  const create = useMutation({
    mutationFn: async (v: Values) => unwrap(await client.POST('/cases', { body: toRequest(v) })),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.cases.all });
      void navigate(`/cases/${created.id}`);
    },
    onError: errors.fromError,
  });

  const set =
    <K extends keyof Values>(field: K & Field) =>
    (value: Values[K]) => {
      setValues((v) => ({ ...v, [field]: value }));
      errors.clear(field);
    };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    errors.reset();
    create.mutate(values);
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert error={create.error} fields={FIELDS} noun="case" />
        <TextInput
          label="Title"
          required
          data-autofocus
          placeholder="e.g. Suspicious logins on the payroll portal"
          value={values.title}
          onChange={(e) => set('title')(e.currentTarget.value)}
          error={errors.errors.title}
        />
        <Textarea
          label="Summary"
          placeholder="What is known so far"
          autosize
          minRows={3}
          maxRows={10}
          value={values.summary}
          onChange={(e) => set('summary')(e.currentTarget.value)}
          error={errors.errors.summary}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label="Category"
            required
            placeholder="Choose…"
            data={options(categories, (c) => categoryLabel[c])}
            value={values.category}
            onChange={(v) => set('category')(v)}
            error={errors.errors.category}
          />
          <Select
            label="Severity"
            required
            data={options(severities, (s) => severityInfo[s].label)}
            value={values.severity}
            allowDeselect={false}
            onChange={(v) => v && set('severity')(v)}
            error={errors.errors.severity}
          />
          <Select
            label="Department"
            placeholder="None yet"
            data={departmentOptions(departments.data)}
            value={values.department_id}
            onChange={set('department_id')}
            clearable
            searchable
            error={errors.errors.department_id}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Detected at"
            type="datetime-local"
            required
            value={values.detected_at}
            onChange={(e) => set('detected_at')(e.currentTarget.value)}
            error={errors.errors.detected_at}
          />
          <TextInput
            label="Aware at"
            type="datetime-local"
            required
            description="When the organisation became aware: the regulator clock starts here."
            value={values.aware_at}
            onChange={(e) => set('aware_at')(e.currentTarget.value)}
            error={errors.errors.aware_at}
          />
        </SimpleGrid>
        <Switch
          label="Personal data involved"
          description="The regulator must then be notified within 72 hours of awareness (GDPR Art. 33)."
          checked={values.personal_data_involved}
          onChange={(e) => set('personal_data_involved')(e.currentTarget.checked)}
          error={errors.errors.personal_data_involved}
          mt="xs"
        />
        {values.personal_data_involved ? (
          <NumberInput
            label="Data subjects (estimate)"
            placeholder="How many people may be affected"
            min={0}
            allowDecimal={false}
            thousandSeparator=" "
            value={values.data_subjects_estimate}
            onChange={set('data_subjects_estimate')}
            error={errors.errors.data_subjects_estimate}
            w={260}
          />
        ) : null}
        <Switch
          label="Restricted"
          description="Need-to-know: only administrators, the owner, listed members and auditors can see it."
          checked={values.restricted}
          onChange={(e) => set('restricted')(e.currentTarget.checked)}
          error={errors.errors.restricted}
          color="red"
        />
        <Text size="xs" c="dimmed">
          The case opens as reported, with you as its owner. Its reference is assigned by the server.
        </Text>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Open case
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function NewCaseDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New case" size="xl">
      <NewCaseForm onCancel={onClose} />
    </Modal>
  );
}
