// The case page's Chronology tab: the incident's story as the team recorded it, in the order things
// happened (not the order they were written down), each entry with its kind, the evidence it rests
// on and a mark when it was recorded later. Responders and admins add, correct and retract; an
// entry is never deleted, a retracted one stays struck through with its reason.
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Text,
  ThemeIcon,
  Timeline,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconClockEdit, IconPaperclip, IconPencil, IconPlus, IconTimeline } from '@tabler/icons-react';
import { useState } from 'react';

import { formatDateTime } from '../../components/dates';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { EvidenceDrawer } from '../evidence/EvidenceDrawer';
import { usePersonName } from '../evidence/people';
import { useCaseEvidence } from '../evidence/queries';
import type { Evidence } from '../evidence/types';
import { EntryDialog } from './EntryDialog';
import { kindInfo } from './labels';
import { useChronology } from './queries';
import { RetractDialog } from './RetractDialog';
import { recordedLater } from './story';
import type { ChronologyEntry } from './types';

export interface ChronologyTabProps {
  caseId: string;
  /** Admins and responders: add, correct and retract entries. */
  canEdit: boolean;
  /** Whether the reader may download evidence files from the drawer an evidence link opens. */
  canDownload: boolean;
}

type Dialog =
  { kind: 'add' } | { kind: 'correct'; entry: ChronologyEntry } | { kind: 'retract'; entry: ChronologyEntry };

interface EntryProps {
  entry: ChronologyEntry;
  evidence: ReadonlyMap<string, Evidence>;
  name: (id: string) => string;
  canEdit: boolean;
  onOpenEvidence: (item: Evidence) => void;
  onDialog: (d: Dialog) => void;
}

function EntryView({ entry: e, evidence, name, canEdit, onOpenEvidence, onDialog }: EntryProps) {
  const info = kindInfo[e.kind];
  const late = recordedLater(e);
  const retracted = e.retracted_at !== null;
  return (
    <Stack gap={6} data-testid="chronology-entry" data-retracted={retracted || undefined}>
      <Group gap="xs" wrap="wrap">
        <Text fw={600} size="sm" component="time" dateTime={e.occurred_at}>
          {formatDateTime(e.occurred_at)}
        </Text>
        <Badge size="sm" variant="light" color={info.color} radius="sm">
          {info.label}
        </Badge>
        {late ? (
          <Tooltip label={`Recorded ${formatDateTime(e.recorded_at)}`} withArrow>
            <Badge
              size="sm"
              variant="outline"
              color="yellow"
              radius="sm"
              leftSection={<IconClockEdit size={12} />}
              data-testid="recorded-later"
            >
              {late}
            </Badge>
          </Tooltip>
        ) : null}
        {retracted ? (
          <Badge size="sm" variant="filled" color="red" radius="sm">
            Retracted
          </Badge>
        ) : e.corrected_at ? (
          <Badge size="sm" variant="light" color="gray" radius="sm">
            Corrected
          </Badge>
        ) : null}
      </Group>
      <Text
        size="sm"
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        td={retracted ? 'line-through' : undefined}
      >
        {retracted ? <VisuallyHidden>Retracted: </VisuallyHidden> : null}
        {e.body}
      </Text>
      {e.evidence_ids.length > 0 ? (
        <Group gap="xs" wrap="wrap" aria-label="Evidence">
          {e.evidence_ids.map((id) => {
            const item = evidence.get(id);
            return item ? (
              <Anchor key={id} component="button" type="button" size="xs" onClick={() => onOpenEvidence(item)}>
                <IconPaperclip size={12} style={{ verticalAlign: -1 }} /> {item.title}
              </Anchor>
            ) : (
              <Text key={id} size="xs" c="dimmed">
                <IconPaperclip size={12} style={{ verticalAlign: -1 }} /> An evidence item
              </Text>
            );
          })}
        </Group>
      ) : null}
      <Text size="xs" c="dimmed">
        Recorded {formatDateTime(e.recorded_at)} by {name(e.author_id)}
        {e.corrected_at && e.corrected_by_id
          ? ` · corrected ${formatDateTime(e.corrected_at)} by ${name(e.corrected_by_id)}`
          : ''}
      </Text>
      {retracted && e.retracted_at && e.retracted_by_id ? (
        <Text size="xs" c="var(--cw-text-danger)">
          Retracted {formatDateTime(e.retracted_at)} by {name(e.retracted_by_id)}: {e.retraction_reason}
        </Text>
      ) : null}
      {canEdit && !retracted ? (
        <Group gap="xs">
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconPencil size={12} />}
            onClick={() => onDialog({ kind: 'correct', entry: e })}
          >
            Correct
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            onClick={() => onDialog({ kind: 'retract', entry: e })}
          >
            Retract
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

export function ChronologyTab({ caseId, canEdit, canDownload }: ChronologyTabProps) {
  const chronology = useChronology(caseId);
  const evidence = useCaseEvidence(caseId);
  const name = usePersonName(caseId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [open, setOpen] = useState<Evidence | null>(null);
  const [shown, setShown] = useState<Evidence | null>(null);
  if (open && open !== shown) setShown(open);
  const items = evidence.data ?? [];
  const byId = new Map(items.map((i) => [i.id, i]));
  const add = () => setDialog({ kind: 'add' });

  let body;
  if (chronology.isPending) {
    body = <LoadingRows rows={3} label="Loading the chronology" />;
  } else if (chronology.isError) {
    body = (
      <LoadError
        error={chronology.error}
        title="The chronology could not be loaded"
        onRetry={() => void chronology.refetch()}
        retrying={chronology.isFetching}
      />
    );
  } else if (chronology.data.length === 0) {
    body = (
      <Empty
        icon={IconTimeline}
        title="No chronology yet"
        description={
          canEdit
            ? 'Tell the incident’s story as it unfolded: when it was detected, contained, eradicated and recovered, and what was decided and said. Entries may be backdated.'
            : 'The incident’s story will appear here as the security team records it.'
        }
        action={
          canEdit ? (
            <Button leftSection={<IconPlus size={16} />} onClick={add}>
              Add the first entry
            </Button>
          ) : undefined
        }
      />
    );
  } else {
    body = (
      <Timeline bulletSize={26} lineWidth={2} aria-label="Chronology">
        {chronology.data.map((e) => {
          const { icon: KindIcon, color } = kindInfo[e.kind];
          return (
            <Timeline.Item
              key={e.id}
              bullet={
                <ThemeIcon size={26} radius="xl" variant="light" color={e.retracted_at ? 'gray' : color}>
                  <KindIcon size={15} />
                </ThemeIcon>
              }
            >
              <EntryView
                entry={e}
                evidence={byId}
                name={name}
                canEdit={canEdit}
                onOpenEvidence={setOpen}
                onDialog={setDialog}
              />
            </Timeline.Item>
          );
        })}
      </Timeline>
    );
  }

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Title order={2} fz="h4">
              Chronology
            </Title>
            <Text size="sm" c="dimmed" maw={560}>
              The incident as the team recorded it, in the order things happened. Each entry keeps the time it was
              recorded; corrections keep their reason in the audit log.
            </Text>
          </div>
          {canEdit && chronology.data && chronology.data.length > 0 ? (
            <Button leftSection={<IconPlus size={16} />} onClick={add}>
              Add entry
            </Button>
          ) : null}
        </Group>
        {body}
      </Stack>
      {dialog?.kind === 'add' ? <EntryDialog caseId={caseId} evidence={items} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'correct' ? (
        <EntryDialog caseId={caseId} evidence={items} entry={dialog.entry} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'retract' ? (
        <RetractDialog caseId={caseId} entry={dialog.entry} onClose={() => setDialog(null)} />
      ) : null}
      <EvidenceDrawer
        caseId={caseId}
        item={open}
        shown={shown}
        onClose={() => setOpen(null)}
        canEdit={canEdit}
        canDownload={canDownload}
      />
    </Card>
  );
}
