// Linking this case to another: pick the case by search, then how they relate.
import { Button, Group, Modal, Select, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';

import type { Case } from '../../api/types';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { CaseSearchSelect } from './CaseSearchSelect';
import { useCreateLink } from './queries';
import { kindOptions, type CaseLinkKind } from './wording';

const FIELDS = ['case_id', 'kind'] as const;
const LABELS = { case_id: 'Case', kind: 'Link' };

interface Values {
  case_id: string;
  kind: CaseLinkKind;
}

export function LinkDialog({ c, opened, onClose }: { c: Case; opened: boolean; onClose: () => void }) {
  const form = useForm<Values>({
    initialValues: { case_id: '', kind: 'related' },
    validate: { case_id: (v) => (v ? null : 'Choose the case to link to.') },
  });
  const create = useCreateLink(c.id, {
    onDone: onClose,
    onError: (error) => showServerErrors(form, error, FIELDS, LABELS),
  });
  const onSubmit = submitAll(form, FIELDS, (v) => create.mutate(v), ['case_id']);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Link ${c.reference} to another case`}
      onExitTransitionEnd={() => {
        create.reset();
        form.reset();
      }}
    >
      <form onSubmit={onSubmit} noValidate aria-label="Link to a case">
        <Stack gap="sm">
          <FormAlert error={create.error} fields={FIELDS} noun="link" />
          <Select
            label={`${c.reference} is`}
            data={kindOptions}
            allowDeselect={false}
            {...form.getInputProps('kind')}
          />
          <CaseSearchSelect
            caseId={c.id}
            label="Case"
            value={form.values.case_id}
            error={form.errors.case_id}
            onChange={(id) => form.setFieldValue('case_id', id)}
          />
          <ErrorSummary count={errorCount(form.errors)} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Link
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
