// A sign-in's device as a readable name, with the raw user agent as its tooltip, and its address.
import { Alert, Badge, Group, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';

import type { SignInSession } from '../../api/types';
import { deviceLabel } from './deviceLabel';

export function Device({ session: s }: { session: SignInSession }) {
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" fw={500} title={s.user_agent || undefined} style={{ overflowWrap: 'anywhere' }}>
        {deviceLabel(s.user_agent)}
      </Text>
      {s.current ? (
        <Badge size="sm" variant="light" color="green" radius="sm">
          This device
        </Badge>
      ) : null}
    </Group>
  );
}

/** The address of its latest sign-in or refresh; older sign-ins have none. */
export function Address({ session: s }: { session: SignInSession }) {
  return s.ip ? (
    <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
      {s.ip}
    </Text>
  ) : (
    <Text size="sm" c="dimmed">
      Not recorded
    </Text>
  );
}

/** EndedNotice says a session was already gone (a 404 on ending it), until dismissed. */
export function EndedNotice({ notice, onClose, mb }: { notice: string | null; onClose: () => void; mb?: string }) {
  if (!notice) return null;
  return (
    <Alert
      color="blue"
      variant="light"
      icon={<IconInfoCircle />}
      role="status"
      mb={mb}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
    >
      {notice}
    </Alert>
  );
}
