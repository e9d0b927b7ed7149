// The dialog both kinds of new key use: the form, then, once the key is made, its token shown once.
// The token is forgotten when the dialog has closed, and a stray click beside it does not close it.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';

import type { APIKeyCreated } from '../../api/types';
import { keyRoleInfo } from './labels';
import { TokenPanel } from './TokenPanel';

export function NewKeyModal({
  opened,
  onClose,
  title,
  form,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** The form, given the function to call with the server's answer. */
  form: (onCreated: (created: APIKeyCreated) => void) => ReactNode;
}) {
  const [created, setCreated] = useState<APIKeyCreated | null>(null);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={() => setCreated(null)}
      closeOnClickOutside={created === null}
      title={created ? 'API key made' : title}
      size="lg"
    >
      {created ? (
        <Stack>
          <Text size="sm">
            <b>{created.key.name}</b> acts for {created.key.user_name} ({created.key.user_email}) as{' '}
            {keyRoleInfo[created.key.role].label.toLowerCase()}.
          </Text>
          <TokenPanel created={created} />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        form(setCreated)
      )}
    </Modal>
  );
}
