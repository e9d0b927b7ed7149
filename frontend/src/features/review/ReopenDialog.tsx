// Reopening a complete review: a reason is required, and kept in the audit trail.
import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';

import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { useReopenReview } from './queries';
import type { CaseReview } from './types';

const FIELDS = ['reason'] as const;

function ReopenForm({ caseId, review, onDone }: { caseId: string; review: CaseReview; onDone: () => void }) {
  const form = useForm({
    initialValues: { reason: '' },
    validate: {
      reason: (v: string) =>
        v.trim() === ''
          ? 'Reason is required.'
          : [...v.trim()].length > 1000
            ? 'Reason must be at most 1000 characters.'
            : null,
    },
  });
  const reopen = useReopenReview(caseId, { onSaved: onDone, onError: (e) => showServerErrors(form, e, FIELDS) });
  const onSubmit = submitAll(form, FIELDS, (v) => reopen.mutate({ review, reason: v.reason }));
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Reopen the review">
      <Stack gap="sm">
        <FormAlert error={reopen.error} fields={FIELDS} noun="review" />
        <Textarea
          label="Reason"
          description="Why the review must change again; kept in the case's history."
          required
          data-autofocus
          autosize
          minRows={2}
          maxLength={1000}
          {...form.getInputProps('reason')}
        />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={reopen.isPending}>
            Reopen the review
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ReopenDialog({
  opened,
  onClose,
  caseId,
  review,
}: {
  opened: boolean;
  onClose: () => void;
  caseId: string;
  review: CaseReview;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Reopen the review">
      <ReopenForm caseId={caseId} review={review} onDone={onClose} />
    </Modal>
  );
}
