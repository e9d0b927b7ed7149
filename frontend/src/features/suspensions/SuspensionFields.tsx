// The fields of a suspension, shared by the suspend and the edit dialogs, and the re-plan reason
// every move of a promised date asks for (the edit dialog, the update form, the milestone's due date).
import { NumberInput, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { GetInputProps } from '@mantine/form';
import type { ComponentProps } from 'react';

import { fromLocalInput } from '../../components/restoration/format';
import type { UpdateSuspensionRequest } from '../../components/restoration/types';

export interface DetailValues {
  reason: string;
  decided_by: string;
  suspended_at: string; // datetime-local
  expected_restoration_at: string; // datetime-local
  affected_users_estimate: string | number;
  impact: string;
  workaround: string;
}

export const detailFields = [
  'reason',
  'decided_by',
  'suspended_at',
  'expected_restoration_at',
  'affected_users_estimate',
  'impact',
  'workaround',
] as const;
export type DetailField = (typeof detailFields)[number];

/** The labels of the fields whose label is not their JSON name in words, for the server's messages. */
export const detailLabels: Partial<Record<string, string>> = {
  expected_restoration_at: 'Expected restoration',
  affected_users_estimate: 'Affected users (estimate)',
};

export const emptyDetails: DetailValues = {
  reason: '',
  decided_by: '',
  suspended_at: '',
  expected_restoration_at: '',
  affected_users_estimate: '',
  impact: '',
  workaround: '',
};

/** requiredErrors is the server's obvious check, shown with its answer in the same round. */
export function requiredErrors(v: DetailValues): Partial<Record<DetailField, string>> {
  const errors: Partial<Record<DetailField, string>> = {};
  if (!v.reason.trim()) errors.reason = 'Reason is required: say why the service is taken offline.';
  if (!v.decided_by.trim()) errors.decided_by = 'Decided by is required: say who took the decision.';
  return errors;
}

/** toDetailsBody turns the form into request fields; empty dates and numbers are left out (or null). */
export function toDetailsBody(v: DetailValues): UpdateSuspensionRequest {
  const body: UpdateSuspensionRequest = {
    reason: v.reason.trim(),
    decided_by: v.decided_by.trim(),
    impact: v.impact.trim(),
    workaround: v.workaround.trim(),
    expected_restoration_at: fromLocalInput(v.expected_restoration_at),
    affected_users_estimate: v.affected_users_estimate === '' ? null : Number(v.affected_users_estimate),
  };
  const suspendedAt = fromLocalInput(v.suspended_at);
  if (suspendedAt) body.suspended_at = suspendedAt;
  return body;
}

/** The part of a @mantine/form form whose values hold a suspension's details. */
interface DetailForm {
  getInputProps: GetInputProps<DetailValues>;
}

export function SuspensionFields({ form }: { form: DetailForm }) {
  return (
    <Stack gap="sm">
      <Textarea
        label="Reason"
        withAsterisk
        resize="vertical"
        rows={2}
        maxLength={5000}
        {...form.getInputProps('reason')}
      />
      <TextInput
        label="Decided by"
        description="Who took the decision, in words (e.g. ministerial decision, CISO)"
        withAsterisk
        maxLength={300}
        {...form.getInputProps('decided_by')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          type="datetime-local"
          label="Suspended at"
          description="Leave empty for now"
          {...form.getInputProps('suspended_at')}
        />
        <TextInput
          type="datetime-local"
          label="Expected restoration"
          description="When the service should be back"
          {...form.getInputProps('expected_restoration_at')}
        />
      </SimpleGrid>
      <NumberInput
        label="Affected users (estimate)"
        min={0}
        allowDecimal={false}
        allowNegative={false}
        thousandSeparator=" "
        {...form.getInputProps('affected_users_estimate')}
      />
      <Textarea label="Impact" resize="vertical" rows={2} maxLength={5000} {...form.getInputProps('impact')} />
      <Textarea label="Workaround" resize="vertical" rows={2} maxLength={5000} {...form.getInputProps('workaround')} />
    </Stack>
  );
}

/** The server's label for the re-plan reason, said as the form says it (the field's label is a question). */
export const replanLabels: Partial<Record<string, string>> = { replan_reason: 'The reason' };

/** replanMissing is the client's own word for a re-plan without its reason. */
export const replanMissing = 'The reason is required: say why the date moves.';

/**
 * ReplanReason asks why a promised date moves (what: "expected", "due"); the move is kept with its
 * reason. Spread the form's input props for replan_reason into it.
 */
export function ReplanReason({ what, ...props }: { what: string } & ComponentProps<typeof Textarea>) {
  return (
    <Textarea
      label={`Why does the ${what} date move?`}
      resize="vertical"
      autosize
      minRows={2}
      maxRows={6}
      maxLength={1000}
      {...props}
    />
  );
}
