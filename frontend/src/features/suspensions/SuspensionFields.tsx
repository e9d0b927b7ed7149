// The fields of a suspension, shared by the suspend and the edit dialogs.
import { NumberInput, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';

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

export const emptyDetails: DetailValues = {
  reason: '',
  decided_by: '',
  suspended_at: '',
  expected_restoration_at: '',
  affected_users_estimate: '',
  impact: '',
  workaround: '',
};

/** requiredErrors checks what the server would refuse anyway, before asking it. */
export function requiredErrors(v: DetailValues): Partial<Record<DetailField, string>> {
  const errors: Partial<Record<DetailField, string>> = {};
  if (!v.reason.trim()) errors.reason = 'Say why the service is taken offline.';
  if (!v.decided_by.trim()) errors.decided_by = 'Say who took the decision.';
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

interface Props {
  values: DetailValues;
  errors: Partial<Record<DetailField, string>>;
  onChange: <K extends DetailField>(field: K, value: DetailValues[K]) => void;
}

export function SuspensionFields({ values, errors, onChange }: Props) {
  return (
    <Stack gap="sm">
      <Textarea
        label="Reason"
        withAsterisk
        resize="vertical"
        rows={2}
        maxLength={5000}
        value={values.reason}
        onChange={(e) => onChange('reason', e.currentTarget.value)}
        error={errors.reason}
      />
      <TextInput
        label="Decided by"
        description="Who took the decision, in words (e.g. ministerial decision, CISO)"
        withAsterisk
        maxLength={300}
        value={values.decided_by}
        onChange={(e) => onChange('decided_by', e.currentTarget.value)}
        error={errors.decided_by}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          type="datetime-local"
          label="Suspended at"
          description="Leave empty for now"
          value={values.suspended_at}
          onChange={(e) => onChange('suspended_at', e.currentTarget.value)}
          error={errors.suspended_at}
        />
        <TextInput
          type="datetime-local"
          label="Expected restoration"
          description="When the service should be back"
          value={values.expected_restoration_at}
          onChange={(e) => onChange('expected_restoration_at', e.currentTarget.value)}
          error={errors.expected_restoration_at}
        />
      </SimpleGrid>
      <NumberInput
        label="Affected users (estimate)"
        min={0}
        allowDecimal={false}
        allowNegative={false}
        thousandSeparator=" "
        value={values.affected_users_estimate}
        onChange={(v) => onChange('affected_users_estimate', v)}
        error={errors.affected_users_estimate}
      />
      <Textarea
        label="Impact"
        resize="vertical"
        rows={2}
        maxLength={5000}
        value={values.impact}
        onChange={(e) => onChange('impact', e.currentTarget.value)}
        error={errors.impact}
      />
      <Textarea
        label="Workaround"
        resize="vertical"
        rows={2}
        maxLength={5000}
        value={values.workaround}
        onChange={(e) => onChange('workaround', e.currentTarget.value)}
        error={errors.workaround}
      />
    </Stack>
  );
}
