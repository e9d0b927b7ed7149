// Whole-screen states used before the shell can be shown.
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';

export function FullPageLoader({ label }: { label: string }) {
  return (
    <Center mih="100vh" role="status" aria-live="polite">
      <Stack align="center" gap="sm">
        <Loader />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

export function FullPageError({ title, message, onRetry }: { title: string; message: string; onRetry: () => void }) {
  return (
    <Center mih="100vh" p="md">
      <Alert maw={480} color="red" variant="light" title={title} icon={<IconPlugConnectedX />}>
        <Stack gap="sm">
          <Text size="sm">{message}</Text>
          <div>
            <Button size="xs" color="red" onClick={onRetry}>
              Try again
            </Button>
          </div>
        </Stack>
      </Alert>
    </Center>
  );
}
