// The file chosen for upload, with the SHA-256 the browser computed for it, and what a mismatch means.
import { Alert, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconFile } from '@tabler/icons-react';

import { formatBytes, formatExactBytes } from './format';
import type { HashOutcome } from './hash';
import { HashValue } from './HashValue';

export type HashState = { status: 'idle' } | { status: 'hashing' } | { status: 'failed'; reason: string } | HashOutcome;

function HashLine({ hash }: { hash: HashState }) {
  switch (hash.status) {
    case 'idle':
      return null;
    case 'hashing':
      return (
        <Group gap="xs" role="status">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            Computing SHA-256 in your browser…
          </Text>
        </Group>
      );
    case 'done':
      return (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            SHA-256 computed in your browser (the server checks it on arrival)
          </Text>
          <HashValue hex={hash.hex} full testId="browser-sha256" />
        </Stack>
      );
    case 'skipped':
      return (
        <Text size="sm" c="dimmed">
          {hash.reason} The server computes its own SHA-256 as the bytes arrive.
        </Text>
      );
    case 'failed':
      return (
        <Text size="sm" c="var(--cw-text-danger)">
          {hash.reason}
        </Text>
      );
  }
}

interface Props {
  file: File;
  hash: HashState;
  onRemove?: (() => void) | undefined;
  error?: string | undefined;
}

export function SelectedFile({ file, hash, onRemove, error }: Props) {
  return (
    <Paper withBorder p="sm" radius="md" style={error ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <IconFile size={20} stroke={1.5} />
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text fw={500} truncate="end" data-testid="selected-file-name">
                {file.name}
              </Text>
              <Text size="xs" c="dimmed" title={formatExactBytes(file.size)}>
                {formatBytes(file.size)}
              </Text>
            </Stack>
          </Group>
          {onRemove ? (
            <Button size="xs" variant="subtle" color="gray" onClick={onRemove}>
              Choose another file
            </Button>
          ) : null}
        </Group>
        <HashLine hash={hash} />
        {error ? (
          <Text size="sm" c="var(--cw-text-danger)" role="alert">
            {error}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** HashMismatch says plainly that the server received other bytes than the browser hashed. */
export function HashMismatch({ browser, server }: { browser: string | null; server: string | null }) {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle />}
      title="SHA-256 mismatch: nothing was kept"
      role="alert"
    >
      <Stack gap={6}>
        <Text size="sm">
          The bytes the server received do not hash to the SHA-256 your browser computed, so the server refused the
          upload. The file may have changed on disk while it was read, or been altered in transit. Upload it again; if
          it fails again, do not use this copy.
        </Text>
        {browser ? (
          <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
            Browser: {browser}
          </Text>
        ) : null}
        {server ? (
          <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
            Server: {server}
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}
