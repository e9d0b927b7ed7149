// Removing two-step sign-in, after the password: sign-ins then ask for the password alone.
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';

import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { useRemoveMySecondFactor } from './secondFactorQueries';

const FIELDS = ['password'] as const;
const LABELS = { password: 'Password' };

function RemoveForm({ onDone }: { onDone: () => void }) {
  const remove = useRemoveMySecondFactor();
  const form = useForm<{ password: string }>({
    initialValues: { password: '' },
    validate: { password: (v) => (v ? null : 'Enter your password.') },
  });
  const onSubmit = submitAll(
    form,
    FIELDS,
    (values) =>
      remove.mutate(values.password, {
        onSuccess: onDone,
        onError: (error) => showServerErrors(form, error, FIELDS, LABELS),
      }),
    FIELDS,
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Text size="sm">
          Sign-ins will ask for your password alone, and your recovery codes stop working. To make sure it is you, enter
          your password.
        </Text>
        <FormAlert error={remove.error} fields={FIELDS} noun="second factor" />
        <PasswordInput
          label="Your password"
          autoComplete="current-password"
          required
          data-autofocus
          {...form.getInputProps('password')}
        />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={remove.isPending}>
            Remove two-step sign-in
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RemoveSecondFactorDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Remove two-step sign-in" size="md">
      {/* Unmounted once closed: the password typed is not kept. */}
      <RemoveForm onDone={onClose} />
    </Modal>
  );
}
