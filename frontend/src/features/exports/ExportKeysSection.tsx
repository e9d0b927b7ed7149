// The public keys that sign exports, to check an export with openssl or hand to someone who will.
import { Badge, Button, Card, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';

import { formatDateTime } from '../../components/dates';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { useExportKeys } from './queries';

function CopyValue({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Button
          variant="light"
          size="compact-xs"
          color={copied ? 'teal' : undefined}
          leftSection={copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
          onClick={copy}
          aria-label={label}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
      )}
    </CopyButton>
  );
}

export function ExportKeysSection() {
  const keys = useExportKeys();

  const body = () => {
    if (keys.isPending) return <LoadingRows rows={2} label="Loading the export keys" />;
    if (keys.isError) {
      return (
        <LoadError
          error={keys.error}
          title="The export keys could not be loaded"
          onRetry={() => void keys.refetch()}
          retrying={keys.isFetching}
        />
      );
    }
    if (keys.data.length === 0)
      return (
        <Empty icon={IconKey} title="No export key yet" description="Caseward creates one with the first export." />
      );
    return keys.data.map((k, i) => (
      <Stack key={k.id} gap="xs" data-testid="export-key">
        <Group gap="xs">
          <Code fw={700}>{k.id}</Code>
          <Badge variant="light" tt="none">
            {k.algorithm}
          </Badge>
          {i === 0 ? (
            <Badge variant="light" color="teal" tt="none">
              newest
            </Badge>
          ) : null}
          <Text size="xs" c="dimmed">
            created {formatDateTime(k.created_at)}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap" data-testid="export-key-fingerprint">
          <Text
            size="xs"
            fw={600}
            style={{ flexShrink: 0 }}
            title="SHA-256 of the raw public key: what caseward export verify prints"
          >
            Fingerprint
          </Text>
          <Code style={{ wordBreak: 'break-all' }}>{k.fingerprint}</Code>
          <CopyValue value={k.fingerprint} label={`Copy the fingerprint of ${k.id}`} />
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Text
            size="xs"
            fw={600}
            style={{ flexShrink: 0 }}
            title="The raw key in base64, for caseward export verify --public-key"
          >
            Public key (base64)
          </Text>
          <Code style={{ wordBreak: 'break-all' }}>{k.public_key}</Code>
          <CopyValue value={k.public_key} label={`Copy the public key of ${k.id}`} />
        </Group>
        <Stack gap={4}>
          <Group justify="space-between">
            <Text size="xs" fw={600}>
              PEM (for openssl)
            </Text>
            <CopyValue value={k.public_key_pem} label={`Copy the PEM of ${k.id}`} />
          </Group>
          <Code block>{k.public_key_pem.trimEnd()}</Code>
        </Stack>
      </Stack>
    ));
  };

  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={2} fz="h4">
            Export keys
          </Title>
          <Text size="sm" c="dimmed">
            Every export is signed with one of these Ed25519 keys. An export carries its key and fingerprint; it comes
            from this installation when that fingerprint is one of those below. Keep a copy of them with your records.
          </Text>
        </Stack>
        {body()}
      </Stack>
    </Card>
  );
}
