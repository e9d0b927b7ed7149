// The case page's Observables tab: the values the team observed in the case (addresses, domains, hashes,
// accounts), each with its TLP and PAP labels, its indicator mark, its tags and how many other cases hold it.
// Values are untrusted text: shown monospace, cut safely, copied with a button, never made into links.
// Responders and admins add one value, paste text to add many, edit the markings and remove; auditors read.
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconCheck, IconClipboardText, IconFingerprint, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';

import { LoadMore } from '../../components/LoadMore';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { AddObservableDialog } from './AddObservableDialog';
import { DeleteObservableDialog } from './DeleteObservableDialog';
import { EditObservableDialog } from './EditObservableDialog';
import { searchPath, sightingsLabel } from './forms';
import { typeLabel } from './labels';
import { IocBadge, PapBadge, TlpBadge } from './Markings';
import { ObservableValue } from './ObservableValue';
import { PasteDialog } from './PasteDialog';
import { useCaseObservables } from './queries';
import type { Observable } from './types';

export interface ObservablesTabProps {
  caseId: string;
  /** Admins and responders: add, paste, edit and remove. */
  canEdit: boolean;
}

type Dialog = { kind: 'add' } | { kind: 'paste' } | { kind: 'edit'; id: string } | { kind: 'delete'; id: string };

/** Sightings links to the search across cases when the value is held elsewhere. */
export function Sightings({ o }: { o: Pick<Observable, 'value' | 'sightings'> }) {
  if (o.sightings === 0) {
    return (
      <Text size="xs" c="dimmed">
        {sightingsLabel(0)}
      </Text>
    );
  }
  return (
    <Anchor component={Link} to={searchPath(o.value)} size="sm" data-testid="sightings">
      {sightingsLabel(o.sightings)}
    </Anchor>
  );
}

function Row({ o, canEdit, onDialog }: { o: Observable; canEdit: boolean; onDialog: (d: Dialog) => void }) {
  return (
    <Table.Tr data-testid="observable-row">
      <Table.Td data-label="Observable">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="xs" fw={600} c="dimmed" data-testid="observable-type">
            {typeLabel[o.type]}
          </Text>
          <ObservableValue value={o.value} />
          {o.source ? (
            <Text size="xs" c="dimmed" dir="auto" lineClamp={1} style={{ overflowWrap: 'anywhere' }}>
              Source: <bdi>{o.source}</bdi>
            </Text>
          ) : null}
          {o.description ? (
            <Text size="xs" c="dimmed" dir="auto" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              {o.description}
            </Text>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td data-label="Marks">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap={4} wrap="wrap">
            <TlpBadge tlp={o.tlp} />
            <PapBadge pap={o.pap} />
            {o.ioc ? <IocBadge /> : null}
          </Group>
          {o.tags.length ? (
            <Group gap={4} wrap="wrap" aria-label="Tags" role="list" style={{ minWidth: 0 }}>
              {o.tags.map((t) => (
                <Badge
                  key={t}
                  role="listitem"
                  variant="outline"
                  color="gray"
                  radius="sm"
                  tt="none"
                  dir="auto"
                  title={t}
                  style={{ minWidth: 0, maxWidth: '100%' }}
                >
                  {t}
                </Badge>
              ))}
            </Group>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td data-label="Elsewhere">
        <Sightings o={o} />
      </Table.Td>
      {canEdit ? (
        <Table.Td data-corner>
          <Group gap={2} wrap="nowrap" justify="flex-end">
            <Tooltip label="Edit" withArrow>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Edit the ${typeLabel[o.type]} observable`}
                onClick={() => onDialog({ kind: 'edit', id: o.id })}
              >
                <IconPencil size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Remove" withArrow>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove the ${typeLabel[o.type]} observable`}
                onClick={() => onDialog({ kind: 'delete', id: o.id })}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

export function ObservablesTab({ caseId, canEdit }: ObservablesTabProps) {
  const list = useCaseObservables(caseId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const close = () => setDialog(null);
  // Dialogs read the observable from the list, so after a 412 they hold its latest version.
  const chosen = dialog && 'id' in dialog ? list.items.find((o) => o.id === dialog.id) : undefined;

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
              <Row key={o.id} o={o} canEdit={canEdit} onDialog={setDialog} />
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
          {list.items.length > 0 ? actions : null}
        </Group>
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
