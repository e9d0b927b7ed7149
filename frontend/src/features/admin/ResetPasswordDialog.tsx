// Resetting a user's password: the server generates a new one, shown here once; their sessions end.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import type { User } from '../../api/types';
import { FormAlert } from '../../components/formErrors';
import { useLatest } from '../../components/useLatest';
import { OneTimePassword } from './OneTimePassword';

const NO_FIELDS = [] as const;

export function ResetPasswordDialog({ user: subject, onClose }: { user: User | null; onClose: () => void }) {
  const { client } = useApi();
  const user = useLatest(subject);
  const reset = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await client.POST('/users/{id}/password', { params: { path: { id } }, body: {} })),
  });
  const close = onClose;
  const password = reset.data?.generated_password;

  return (
    <Modal
      opened={subject !== null}
      onClose={close}
      onExitTransitionEnd={() => reset.reset()}
      title="Reset password"
      size="lg"
    >
      {user ? (
        <Stack>
          {password ? (
            <>
              <OneTimePassword password={password} email={user.email} />
              <Group justify="flex-end">
                <Button onClick={close}>Done</Button>
              </Group>
            </>
          ) : (
            <>
              <Text size="sm">
                Generate a new password for <b>{user.name}</b> ({user.email})? Their current password stops working and
                every session they have open ends.
              </Text>
              <FormAlert error={reset.error} fields={NO_FIELDS} noun="user" />
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  Cancel
                </Button>
                <Button color="red" loading={reset.isPending} onClick={() => reset.mutate(user.id)}>
                  Generate new password
                </Button>
              </Group>
            </>
          )}
        </Stack>
      ) : null}
    </Modal>
  );
}
