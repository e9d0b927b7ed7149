// Export the audit log for a filtered range, streamed, with the chain check the server signs at the end.
import {
  Alert,
  Autocomplete,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconCircleCheck, IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { useApi } from '../../api/context';
import { errorMessage } from '../../api/problem';
import { fromLocalInput, toLocalInput } from '../../components/dates';
import { entityTypes, knownActions } from '../audit/filters';
import { downloadAuditExport, type AuditExportFile, type AuditExportFormat } from './api';
import {
  caseFilterError,
  clearAuditFilters,
  hasAuditFilters,
  rangeError,
  readAuditFilters,
  toExportQuery,
  writeAuditFilter,
  type AuditExportFilters,
} from './auditQuery';
import { ChainCheckResult } from './ChainCheckResult';
import { ExportProgress } from './ExportProgress';
import { formatBytes } from './progress';
import { findCaseByReference } from './queries';
import { ManifestTable, SignatureDetails } from './SignatureDetails';
import { useDownload } from './useDownload';
import { VerifyHint } from './VerifyHint';

const actionSuggestions = [
  ...new Set([
    ...knownActions,
    'evidence.create',
    'evidence.update',
    'evidence.download',
    'evidence.verify',
    'export.case',
    'export.audit',
  ]),
];
const entitySuggestions = [...new Set([...entityTypes, 'evidence', 'audit'])];
const formatNames: Record<AuditExportFormat, string> = { jsonl: 'JSON lines', csv: 'CSV' };

function AuditResult({ file }: { file: AuditExportFile }) {
  return (
    <Stack gap="sm" data-testid="export-result">
      <Alert color="teal" variant="light" icon={<IconCircleCheck />} title="Export saved" role="status">
        <Text size="sm">
          {file.fileName} ({formatBytes(file.blob.size)}) is in your downloads.
        </Text>
      </Alert>
      {file.trailer ? (
        <>
          <ChainCheckResult check={file.trailer.chainCheck} />
          <ManifestTable manifest={file.trailer.manifest} />
          <VerifyHint format="jsonl" fileName={file.fileName} />
        </>
      ) : null}
      {file.signature ? (
        <>
          {file.signature.manifest.chain_check ? (
            <ChainCheckResult check={file.signature.manifest.chain_check} />
          ) : null}
          <SignatureDetails signature={file.signature} sigFileName={null} />
          <VerifyHint format="csv" fileName={file.fileName} />
        </>
      ) : null}
    </Stack>
  );
}

function Filters({
  filters,
  set,
}: {
  filters: AuditExportFilters;
  set: (k: keyof AuditExportFilters, v: string | null | undefined) => void;
}) {
  return (
    <Stack gap="sm">
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label="From"
          type="datetime-local"
          value={toLocalInput(filters.from)}
          onChange={(e) => set('from', fromLocalInput(e.currentTarget.value))}
          w={210}
        />
        <TextInput
          label="To"
          type="datetime-local"
          value={toLocalInput(filters.to)}
          onChange={(e) => set('to', fromLocalInput(e.currentTarget.value))}
          error={rangeError(filters)}
          w={210}
        />
      </Group>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <Autocomplete
          label="Action"
          placeholder="Any action"
          data={actionSuggestions}
          value={filters.action ?? ''}
          onChange={(v) => set('action', v.trim())}
          w={210}
        />
        <Autocomplete
          label="Entity type"
          placeholder="Any entity"
          data={entitySuggestions}
          value={filters.entity_type ?? ''}
          onChange={(v) => set('entity_type', v.trim())}
          w={170}
        />
        <TextInput
          label="Case"
          placeholder="INC-2026-0007 or case id"
          value={filters.case ?? ''}
          onChange={(e) => set('case', e.currentTarget.value)}
          error={caseFilterError(filters.case)}
          w={300}
          spellCheck={false}
        />
      </Group>
    </Stack>
  );
}

export function AuditExportSection() {
  const { client } = useApi();
  const [search, setSearch] = useSearchParams();
  const filters = readAuditFilters(search);
  const [format, setFormat] = useState<AuditExportFormat>('jsonl');
  const download = useDownload<AuditExportFile, AuditExportFormat>();
  const invalid = !!(caseFilterError(filters.case) ?? rangeError(filters));

  const set = (key: keyof AuditExportFilters, value: string | null | undefined) =>
    setSearch((s) => writeAuditFilter(s, key, value), { replace: true });

  const start = () =>
    download.start(format, async (onProgress, signal) => {
      const query = await toExportQuery(filters, async (reference) => {
        const found = await findCaseByReference(client, reference, signal);
        if (!found) throw new Error(`No case ${reference}: check the reference.`);
        return found.id;
      });
      return downloadAuditExport(client, query, format, onProgress, signal);
    });

  const { state } = download;
  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={2} fz="h4">
            Export the audit log
          </Title>
          <Text size="sm" c="dimmed">
            Every event in the range, oldest first. JSON lines end with the server&apos;s chain check over the exported
            events and a signature over every line before it; CSV comes as a zip whose SIGNATURE.json signs the CSV and
            the chain check.
          </Text>
        </Stack>
        <Filters filters={filters} set={set} />
        <Group gap="sm" align="center">
          <SegmentedControl
            aria-label="Format"
            value={format}
            onChange={(v) => setFormat(v)}
            data={[
              { value: 'jsonl', label: formatNames.jsonl },
              { value: 'csv', label: formatNames.csv },
            ]}
          />
          <Button leftSection={<IconFileExport size={16} />} onClick={start} loading={download.busy} disabled={invalid}>
            Export audit log
          </Button>
          {hasAuditFilters(filters) ? (
            <Button
              variant="subtle"
              color="gray"
              onClick={() => setSearch((s) => clearAuditFilters(s), { replace: true })}
            >
              Clear filters
            </Button>
          ) : null}
        </Group>
        {state.status === 'downloading' ? (
          <ExportProgress
            what={`audit log (${formatNames[state.kind]})`}
            progress={state.progress}
            unit={state.kind === 'jsonl' ? ['line', 'lines'] : undefined}
            onCancel={download.cancel}
          />
        ) : null}
        {state.status === 'failed' ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertCircle />}
            title="Could not export the audit log"
            role="alert"
          >
            {errorMessage(state.error)}
          </Alert>
        ) : null}
        {state.status === 'done' ? <AuditResult file={state.file} /> : null}
      </Stack>
    </Card>
  );
}
