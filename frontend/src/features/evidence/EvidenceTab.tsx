// The case page's Evidence tab: the items collected for the case, each hashed on arrival, with
// the way to add one (admins and responders) and a drawer per item with its chain of custody.
// The open item is kept in the URL (?evidence=<id>), so it can be linked to.
import { Alert, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconFolderOpen, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { errorMessage } from '../../api/problem';
import { EvidenceDrawer } from './EvidenceDrawer';
import { EvidenceTable } from './EvidenceTable';
import { usePersonName } from './people';
import { useCaseEvidence } from './queries';
import type { Evidence } from './types';
import { UploadDialog } from './UploadDialog';

export interface EvidenceTabProps {
  caseId: string;
  /** Admins and responders: add items, verify them, record hand-overs. */
  canEdit: boolean;
  /** Admins, responders and auditors: download files (department heads may not). */
  canDownload: boolean;
}

/** The search parameter that names the open item. */
export const EVIDENCE_PARAM = 'evidence';

function EmptyEvidence({ canEdit, onAdd }: { canEdit: boolean; onAdd: () => void }) {
  return (
    <Stack align="center" gap="xs" py="xl" ta="center">
      <IconFolderOpen size={32} stroke={1.4} color="var(--cw-icon-muted)" />
      <Text fw={600}>No evidence yet</Text>
      <Text size="sm" c="dimmed" maw={460}>
        {canEdit
          ? 'Add logs, disk images, captures or documents: each file is hashed on arrival and every touch is recorded.'
          : 'Items collected for this case will appear here with their hashes and chain of custody.'}
      </Text>
      {canEdit ? (
        <Button mt="xs" leftSection={<IconPlus size={16} />} onClick={onAdd}>
          Add evidence
        </Button>
      ) : null}
    </Stack>
  );
}

export function EvidenceTab({ caseId, canEdit, canDownload }: EvidenceTabProps) {
  const evidence = useCaseEvidence(caseId);
  const personName = usePersonName(caseId);
  const [adding, setAdding] = useState(false);
  const [params, setParams] = useSearchParams();
  const openId = params.get(EVIDENCE_PARAM);
  const open = openId ? (evidence.data?.find((i) => i.id === openId) ?? null) : null;
  // The drawer keeps showing the last item while it slides out.
  const [shown, setShown] = useState<Evidence | null>(null);
  if (open && open !== shown) setShown(open);

  const setOpen = (id: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set(EVIDENCE_PARAM, id);
        else next.delete(EVIDENCE_PARAM);
        return next;
      },
      { replace: id === null },
    );

  let body;
  if (evidence.isPending) {
    body = (
      <Stack gap="xs" role="status" aria-busy="true" aria-label="Loading the evidence">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} h={44} radius="sm" />
        ))}
      </Stack>
    );
  } else if (evidence.isError) {
    body = (
      <Alert color="red" variant="light" icon={<IconAlertCircle />} title="The evidence could not be loaded">
        <Stack gap="sm">
          <Text size="sm">{errorMessage(evidence.error)}</Text>
          <div>
            <Button
              size="xs"
              color="red"
              variant="white"
              loading={evidence.isFetching}
              onClick={() => void evidence.refetch()}
            >
              Try again
            </Button>
          </div>
        </Stack>
      </Alert>
    );
  } else if (evidence.data.length === 0) {
    body = <EmptyEvidence canEdit={canEdit} onAdd={() => setAdding(true)} />;
  } else {
    body = <EvidenceTable items={evidence.data} personName={personName} onOpen={setOpen} />;
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <div>
          <Title order={2} fz="h3">
            Evidence
          </Title>
          <Text size="sm" c="dimmed">
            Every file is hashed (SHA-256) on arrival; every hand-over, download and check is kept in its chain of
            custody.
          </Text>
        </div>
        {canEdit && evidence.data && evidence.data.length > 0 ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            Add evidence
          </Button>
        ) : null}
      </Group>
      {body}
      {canEdit ? <UploadDialog caseId={caseId} opened={adding} onClose={() => setAdding(false)} /> : null}
      <EvidenceDrawer
        caseId={caseId}
        item={open}
        shown={shown}
        onClose={() => setOpen(null)}
        canEdit={canEdit}
        canDownload={canDownload}
      />
    </Stack>
  );
}
