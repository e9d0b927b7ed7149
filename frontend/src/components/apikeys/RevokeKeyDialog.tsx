// Revoking an API key, after a confirmation that names it: it is refused from the next request on.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { UseMutationResult } from '@tanstack/react-query';

import { errorMessage } from '../../api/problem';
import type { APIKey } from '../../api/types';
import { useLatest } from '../useLatest';

interface Props {
  /** The key to revoke; null closes the dialog. */
  apiKey: APIKey | null;
  revoke: UseMutationResult<APIKey, Error, APIKey>;
  onClose: () => void;
}

export function RevokeKeyDialog({ apiKey, revoke, onClose }: Props) {
  // While the dialog fades out, it keeps naming the key it was opened for.
  const shown = useLatest(apiKey);
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <Modal opened={apiKey !== null} onClose={close} title="Revoke the API key" centered>
      {shown ? (
        <Stack gap="sm">
          {revoke.error ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Not revoked" role="alert">
              {errorMessage(revoke.error)}
            </Alert>
          ) : null}
          <Text size="sm">
            Revoke <b>{shown.name}</b>, acting for {shown.user_name} ({shown.user_email})?
          </Text>
          <Text size="sm" c="dimmed">
            Whatever uses it is refused from its next request. A revoked key cannot be brought back: make a new one if
            it is needed again.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close} disabled={revoke.isPending}>
              Cancel
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate(shown, { onSuccess: close })}>
              Revoke key
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
