// A generated password, shown once with a copy button: the server never shows it again.
import { ActionIcon, Alert, Code, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';

export function OneTimePassword({ password, email }: { password: string; email: string }) {
  return (
    <Alert color="indigo" variant="light" icon={<IconKey />} title="Generated password — shown only once">
      <Text size="sm" mb="xs">
        Give it to {email} through a safe channel. It cannot be shown again; if it is lost, reset the password.
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code fz="md" px="sm" py={6} data-testid="generated-password" style={{ userSelect: 'all', flex: 1 }}>
          {password}
        </Code>
        <CopyButton value={password} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the password'} withArrow>
              <ActionIcon
                variant={copied ? 'filled' : 'default'}
                color={copied ? 'teal' : undefined}
                size="lg"
                onClick={copy}
                aria-label="Copy the password"
              >
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Alert>
  );
}
