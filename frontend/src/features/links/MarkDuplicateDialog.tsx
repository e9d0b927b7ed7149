// Marking this case as a duplicate of another: one request links it and closes it.
import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';

import { ApiError, errorMessage } from '../../api/problem';
import type { Case } from '../../api/types';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { CaseSearchSelect } from './CaseSearchSelect';
import { useMarkDuplicate } from './queries';

const FIELDS = ['original_id', 'note'] as const;
const LABELS = { original_id: 'Original case', note: 'Note' };

interface Values {
  original_id: string;
  note: string;
}

/** Refused says why the duplicate could not be closed, with the conditions still holding it open. */
function Refused({ error }: { error: unknown }) {
  const unmet = error instanceof ApiError ? (error.problem?.unmet_conditions ?? []) : [];
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle />} title="Not marked" role="alert">
      <Text size="sm">{errorMessage(error)}</Text>
      {unmet.length > 0 ? (
        <List size="sm" mt={4} data-testid="duplicate-unmet">
          {unmet.map((u) => (
            <List.Item key={u}>{u}</List.Item>
          ))}
        </List>
      ) : null}
    </Alert>
  );
}

export function MarkDuplicateDialog({ c, opened, onClose }: { c: Case; opened: boolean; onClose: () => void }) {
  const form = useForm<Values>({
    initialValues: { original_id: '', note: '' },
    validate: { original_id: (v) => (v ? null : 'Choose the case this one duplicates.') },
  });
  const mark = useMarkDuplicate(c.id, {
    onDone: onClose,
    onError: (error) => showServerErrors(form, error, FIELDS, LABELS),
  });
  const onSubmit = submitAll(
    form,
    FIELDS,
    (v) => mark.mutate({ original_id: v.original_id, note: v.note.trim() || undefined }),
    ['original_id'],
  );
  const invalid = mark.error instanceof ApiError && mark.error.status === 422;
  const open = c.status !== 'closed';
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Mark ${c.reference} as a duplicate`}
      onExitTransitionEnd={() => {
        mark.reset();
        form.reset();
      }}
    >
      <form onSubmit={onSubmit} noValidate aria-label="Mark as duplicate">
        <Stack gap="sm">
          {mark.error && !invalid ? <Refused error={mark.error} /> : null}
          {invalid ? <FormAlert error={mark.error} fields={FIELDS} noun="case" /> : null}
          <Text size="sm">
            {open
              ? `This will close ${c.reference}, recording that it duplicates the case you choose. The breach assessment stays with the original; an active suspension or an open regulator decision still keeps it open.`
              : `${c.reference} is already closed: it will only be linked to the case you choose.`}
          </Text>
          <CaseSearchSelect
            caseId={c.id}
            label="Original case"
            value={form.values.original_id}
            error={form.errors.original_id}
            onChange={(id) => form.setFieldValue('original_id', id)}
          />
          <Textarea
            label="Note"
            description="Optional: recorded with the closing on the timeline."
            autosize
            minRows={2}
            maxRows={6}
            {...form.getInputProps('note')}
          />
          <ErrorSummary count={errorCount(form.errors)} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={open ? 'teal' : undefined} loading={mark.isPending}>
              {open ? 'Mark as duplicate and close' : 'Mark as duplicate'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
