// Who signed an export, when, with which key and over which bytes; the `.sig` saved with it.
import { ActionIcon, Code, CopyButton, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';

import { formatDateTime } from '../../components/dates';
import type { ExportManifest, ExportSignature } from './manifest';

const SHORT = 12;

/** ShortHash shows a SHA-256's first digits (all of them on hover) and copies the whole of it. */
export function ShortHash({
  hex,
  what = 'SHA-256',
  testId = 'export-sha256',
}: {
  hex: string;
  what?: string;
  testId?: string;
}) {
  return (
    <Group gap={4} wrap="nowrap">
      <Code title={hex} data-testid={testId}>
        {hex.length > SHORT ? `${hex.slice(0, SHORT)}…` : hex}
      </Code>
      <CopyButton value={hex} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy the full ${what}`} withArrow>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              size="sm"
              onClick={copy}
              aria-label={`Copy the full ${what}`}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/** ManifestTable lists what a manifest says about its export (and the key's fingerprint when known). */
export function ManifestTable({ manifest, fingerprint }: { manifest: ExportManifest; fingerprint?: string | null }) {
  const by = manifest.exporter_name
    ? `${manifest.exporter_name} (${manifest.exporter_email})`
    : manifest.exporter_email;
  const fp = fingerprint ?? manifest.key_fingerprint;
  const rows: [string, ReactNode][] = [
    ['Key', <Code key="k">{manifest.key_id}</Code>],
    ...(fp
      ? ([['Key fingerprint', <ShortHash key="f" hex={fp} what="key fingerprint" testId="export-fingerprint" />]] as [
          string,
          ReactNode,
        ][])
      : []),
    ['Exported by', by],
    ['Exported at', formatDateTime(manifest.exported_at)],
    ['SHA-256', <ShortHash key="h" hex={manifest.sha256} />],
  ];
  return (
    <Table variant="vertical" layout="fixed" withTableBorder={false} data-testid="export-manifest">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={130}>{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** SignatureDetails shows an export's signature and names the `.sig` saved with it, if any. */
export function SignatureDetails({
  signature,
  sigFileName,
}: {
  signature: ExportSignature;
  sigFileName: string | null;
}) {
  return (
    <Stack gap="xs">
      <ManifestTable manifest={signature.manifest} fingerprint={signature.keyFingerprint} />
      {sigFileName ? (
        <Text size="xs" c="dimmed" data-testid="export-sig-note">
          Saved with it: {sigFileName}, the signature. Keep the two files together; your browser may ask once to allow
          downloading several files.
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          The signature is inside the file.
        </Text>
      )}
    </Stack>
  );
}
