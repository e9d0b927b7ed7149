// The case page's Observables tab: the values the team observed in the case (addresses, domains, hashes,
// accounts), each with its TLP and PAP labels, its indicator mark, its tags and how many other cases hold it.
// Values are untrusted text: shown monospace, cut safely, copied with a button, never made into links.
// Responders and admins add one value, paste text to add many, edit the markings and remove; auditors read.
import { Alert, Button, Card, Group, Menu, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import {
  IconCheck,
  IconChevronDown,
  IconClipboardText,
  IconDownload,
  IconFingerprint,
  IconPlus,
} from '@tabler/icons-react';
import { useState } from 'react';

import { saveBlob } from '../../components/download';
import { LoadMore } from '../../components/LoadMore';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { AddObservableDialog } from './AddObservableDialog';
import { DeleteObservableDialog } from './DeleteObservableDialog';
import { EditObservableDialog } from './EditObservableDialog';
import { ObservableRow } from './ObservableRow';
import { PasteDialog } from './PasteDialog';
import { useCaseObservables, useExportObservables, type ObservablesExportFormat } from './queries';

export interface ObservablesTabProps {
  caseId: string;
  /** Admins and responders: add, paste, edit and remove. */
  canEdit: boolean;
}

type Dialog = { kind: 'add' } | { kind: 'paste' } | { kind: 'edit'; id: string } | { kind: 'delete'; id: string };

export function ObservablesTab({ caseId, canEdit }: ObservablesTabProps) {
  const list = useCaseObservables(caseId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const close = () => setDialog(null);
  // Dialogs read the observable from the list, so after a 412 they hold its latest version.
  const chosen = dialog && 'id' in dialog ? list.items.find((o) => o.id === dialog.id) : undefined;

  const exporter = useExportObservables(caseId);
  const [exportError, setExportError] = useState<string | null>(null);
  const exportAs = (format: ObservablesExportFormat, includeRed: boolean) => {
    setExportError(null);
    exporter.mutate(
      { format, includeRed },
      {
        onSuccess: (file) => {
          saveBlob(file.blob, file.name);
          const left = file.withheld === 1 ? '1 TLP:RED value was' : `${file.withheld} TLP:RED values were`;
          setReport(file.withheld > 0 ? `Saved ${file.name}. ${left} left out.` : `Saved ${file.name}.`);
        },
        onError: (err) => setExportError(err instanceof Error ? err.message : String(err)),
      },
    );
  };
  // Everyone who reads observables may export them; TLP:RED values only on purpose (the export is audited).
  const exportMenu = (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          rightSection={<IconChevronDown size={14} />}
          loading={exporter.isPending}
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>TLP:RED values left out</Menu.Label>
        <Menu.Item onClick={() => exportAs('stix', false)}>Indicators as STIX 2.1</Menu.Item>
        <Menu.Item onClick={() => exportAs('csv', false)}>All observables as CSV</Menu.Item>
        <Menu.Divider />
        <Menu.Label>TLP:RED values included (recorded in the audit log)</Menu.Label>
        <Menu.Item onClick={() => exportAs('stix', true)}>Indicators as STIX 2.1, with TLP:RED</Menu.Item>
        <Menu.Item onClick={() => exportAs('csv', true)}>All observables as CSV, with TLP:RED</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );

  const actions = canEdit ? (
    <Group gap="xs">
      <Button
        variant="default"
        leftSection={<IconClipboardText size={16} />}
        onClick={() => setDialog({ kind: 'paste' })}
      >
        Paste to add
      </Button>
      <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'add' })}>
        Add observable
      </Button>
    </Group>
  ) : null;

  let body;
  if (list.query.isPending) {
    body = <LoadingRows rows={3} label="Loading the observables" />;
  } else if (list.query.isError) {
    body = (
      <LoadError
        error={list.query.error}
        title="The observables could not be loaded"
        onRetry={() => void list.query.refetch()}
        retrying={list.query.isFetching}
      />
    );
  } else if (list.items.length === 0) {
    body = (
      <Empty
        icon={IconFingerprint}
        title="No observables yet"
        description={
          canEdit
            ? 'Record the addresses, domains, URLs, hashes and accounts seen in this incident: add one, or paste a report or a phishing email to find them all.'
            : 'The addresses, domains, hashes and accounts the team records for this case will appear here.'
        }
        action={actions ?? undefined}
      />
    );
  } else {
    body = (
      <>
        <ResponsiveTable minWidth={600} verticalSpacing="sm" aria-label="Observables">
          <Table.Thead>
            <Table.Tr>
              <Table.Th miw={220}>Observable</Table.Th>
              <Table.Th w={210}>Marks and tags</Table.Th>
              <Table.Th w={130}>Elsewhere</Table.Th>
              {canEdit ? (
                <Table.Th w={80}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((o) => (
              <ObservableRow
                key={o.id}
                o={o}
                onEdit={canEdit ? () => setDialog({ kind: 'edit', id: o.id }) : undefined}
                onRemove={canEdit ? () => setDialog({ kind: 'delete', id: o.id }) : undefined}
              />
            ))}
          </Table.Tbody>
        </ResponsiveTable>
        <LoadMore
          hasMore={list.hasMore}
          loading={list.loadingMore}
          onLoad={list.loadMore}
          shown={list.items.length}
          noun={['observable', 'observables']}
        />
      </>
    );
  }

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="observables-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Title order={2} fz="h4" id="observables-title">
              Observables
            </Title>
            <Text size="sm" c="dimmed" maw={560}>
              Values seen in this incident, each in one canonical form, so the same value in another case is found. They
              are shown as text, never as links.
            </Text>
          </div>
          {list.items.length > 0 ? (
            <Group gap="xs">
              {exportMenu}
              {actions}
            </Group>
          ) : null}
        </Group>
        {exportError ? (
          <Alert
            color="red"
            variant="light"
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setExportError(null)}
          >
            The export failed: {exportError}
          </Alert>
        ) : null}
        {report ? (
          <Alert
            color="teal"
            variant="light"
            icon={<IconCheck />}
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setReport(null)}
            role="status"
            data-testid="observables-report"
          >
            {report}
          </Alert>
        ) : null}
        {body}
      </Stack>
      {dialog?.kind === 'add' ? <AddObservableDialog caseId={caseId} onClose={close} onDone={setReport} /> : null}
      {dialog?.kind === 'paste' ? <PasteDialog caseId={caseId} onClose={close} onDone={setReport} /> : null}
      {dialog?.kind === 'edit' && chosen ? (
        <EditObservableDialog caseId={caseId} observable={chosen} onClose={close} />
      ) : null}
      {dialog?.kind === 'delete' && chosen ? (
        <DeleteObservableDialog caseId={caseId} observable={chosen} onClose={close} />
      ) : null}
    </Card>
  );
}
