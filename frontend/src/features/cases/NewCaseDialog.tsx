// "New case": what happened, how bad, whose, when it was detected and when we became aware of it.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { fromLocalInput } from '../../components/dates';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { CaseFields } from '../case/CaseFields';
import {
  CASE_LABELS,
  createRequest,
  NEW_CASE_FIELDS,
  newCaseValues,
  validateCase,
  type CaseValues,
} from '../case/caseForm';
import { PlaybookPicker } from '../playbooks/PlaybookPicker';

function NewCaseForm({ onCancel }: { onCancel: () => void }) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<CaseValues>({
    name: 'new-case',
    initialValues: newCaseValues(),
    validate: (v) => validateCase(v),
  });
  const [playbookId, setPlaybookId] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: async (v: CaseValues) =>
      unwrap(await client.POST('/cases', { body: { ...createRequest(v), playbook_id: playbookId ?? undefined } })),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.cases.all });
      void navigate(`/cases/${created.id}`);
    },
    onError: (error) => showServerErrors(form, error, NEW_CASE_FIELDS, CASE_LABELS),
  });

  const onSubmit = submitAll(form, NEW_CASE_FIELDS, (v) => create.mutate(v));

  return (
    <form onSubmit={onSubmit} noValidate aria-label="New case">
      <Stack gap="sm">
        <FormAlert error={create.error} fields={NEW_CASE_FIELDS} noun="case" />
        <PlaybookPicker
          value={playbookId}
          awareAt={fromLocalInput(form.getValues().aware_at)}
          onChoose={(p) => {
            setPlaybookId(p?.id ?? null);
            if (p) form.setValues({ category: p.category, severity: p.severity });
          }}
        />
        <CaseFields form={form} />
        <Text size="xs" c="dimmed">
          The case opens as reported, with you as its owner. Its reference is assigned by the server.
        </Text>
        <ErrorSummary count={errorCount(form.errors)} />
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
