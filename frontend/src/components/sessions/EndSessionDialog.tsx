// Ending a sign-in, after a confirmation that names it: its access token is refused from the next
// request on, and the browser holding it is sent to the sign-in page.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';

import { errorMessage } from '../../api/problem';

interface Props {
  opened: boolean;
  title: string;
  /** What is ended, in a sentence. */
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

export function EndSessionDialog({ opened, title, children, confirmLabel, pending, error, onConfirm, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack gap="sm">
        {error ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Not signed out" role="alert">
            {errorMessage(error)}
          </Alert>
        ) : null}
        {children}
        <Text size="sm" c="dimmed">
          Whoever uses it is refused from their next request and must sign in again with the password.
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button color="red" loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
