// A current code from the authenticator app, asked before a change to two-step sign-in: checked for
// six digits here (a wrong code counts as a failed sign-in, so a mistyped one is not sent), then on the
// server, whose refusal shows on the field.
import { Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';

import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { appCode, appCodeProblem } from '../../components/secondfactor/codes';
import { AppCodeInput } from '../../components/secondfactor/CodeFields';

const FIELDS = ['code'] as const;
const LABELS = { code: 'The code' };

export interface CodeSender {
  mutate: (code: string, options: { onError: (error: unknown) => void }) => void;
  isPending: boolean;
  error: unknown;
}

export function AppCodeForm({
  sender,
  submitLabel,
  onCancel,
  label,
}: {
  sender: CodeSender;
  submitLabel: string;
  onCancel: () => void;
  label?: string;
}) {
  const form = useForm<{ code: string }>({
    initialValues: { code: '' },
    validate: { code: appCodeProblem },
  });
  const onSubmit = submitAll(
    form,
    FIELDS,
    (values) =>
      sender.mutate(appCode(values.code), { onError: (error) => showServerErrors(form, error, FIELDS, LABELS) }),
    FIELDS,
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert error={sender.error} fields={FIELDS} noun="second factor" />
        <AppCodeInput label={label} data-autofocus maw={220} {...form.getInputProps('code')} />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={sender.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
