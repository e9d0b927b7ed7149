// Who signed an export, when, with which key and over which bytes; the detached signature to keep.
import { ActionIcon, Button, Code, CopyButton, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconSignature } from '@tabler/icons-react';
import type { ReactNode } from 'react';

import { formatDateTime } from '../../components/dates';
import { signatureFileContent, signatureFileName, type ExportManifest, type ExportSignature } from './manifest';
import { saveText } from '../../components/download';

const SHORT = 12;

/** ShortHash shows a SHA-256's first digits (all of them on hover) and copies the whole of it. */
export function ShortHash({ hex }: { hex: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Code title={hex} data-testid="export-sha256">
        {hex.length > SHORT ? `${hex.slice(0, SHORT)}…` : hex}
      </Code>
      <CopyButton value={hex} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy the full SHA-256'} withArrow>
            <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label="Copy the full SHA-256">
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/** ManifestTable lists what a manifest says about its export. */
export function ManifestTable({ manifest }: { manifest: ExportManifest }) {
  const rows: [string, ReactNode][] = [
    ['Key', <Code key="k">{manifest.key_id}</Code>],
    ['Exported by', manifest.exporter_email],
    ['Exported at', formatDateTime(manifest.exported_at)],
    ['SHA-256', <ShortHash key="h" hex={manifest.sha256} />],
  ];
  return (
    <Table variant="vertical" layout="fixed" withTableBorder={false} data-testid="export-manifest">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={120}>{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** SignatureDetails shows a case export's signature and offers it as `<file>.signature.json`. */
export function SignatureDetails({ signature, fileName }: { signature: ExportSignature; fileName: string }) {
  return (
    <Stack gap="xs">
      <ManifestTable manifest={signature.manifest} />
      <Group gap="sm" wrap="wrap">
        <Button
          variant="light"
          size="xs"
          leftSection={<IconSignature size={14} />}
          onClick={() => saveText(signatureFileContent(signature), signatureFileName(fileName))}
        >
          Save signature
        </Button>
        <Text size="xs" c="dimmed">
          {signatureFileName(fileName)}: the manifest and its Ed25519 signature, to keep with the file.
        </Text>
      </Group>
    </Stack>
  );
}
