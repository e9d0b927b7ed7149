// The case page's "Linked cases" card: every link the reader may see, worded from this case.
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  Skeleton,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconLink, IconLinkOff } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';

import { errorMessage } from '../../api/problem';
import type { Case } from '../../api/types';
import { StatusBadge } from '../../components/CaseBadges';
import { LoadError } from '../../components/PageStates';
import { LinkDialog } from './LinkDialog';
import { useCaseLinks, useDeleteLink } from './queries';
import { relationLabel, sortLinks, type CaseLink } from './wording';

function RemoveLink({ caseId, link, onClose }: { caseId: string; link: CaseLink | null; onClose: () => void }) {
  const remove = useDeleteLink(caseId, { onDone: onClose });
  return (
    <Modal opened={link !== null} onClose={onClose} title="Remove the link" onExitTransitionEnd={() => remove.reset()}>
      {link ? (
        <Stack gap="sm">
          {remove.error ? (
            <Alert color="red" variant="light" role="alert" title="Not removed">
              {errorMessage(remove.error)}
            </Alert>
          ) : null}
          <Text size="sm">
            Remove “{relationLabel[link.relation]} {link.case.reference}”?
            {link.kind === 'duplicate_of' ? ' A duplicate that was closed stays closed.' : ''}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(link.id)}>
              Remove link
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

function LinkRow({ link, onRemove }: { link: CaseLink; onRemove?: () => void }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" data-testid="case-link">
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase">
          {relationLabel[link.relation]}
        </Text>
        <Group gap={6} wrap="wrap">
          <Anchor component={Link} to={`/cases/${link.case.id}`} ff="monospace" size="sm" fw={600}>
            {link.case.reference}
          </Anchor>
          <StatusBadge status={link.case.status} size="sm" />
        </Group>
        <Text size="sm" lineClamp={2}>
          {link.case.title}
        </Text>
      </Stack>
      {onRemove ? (
        <Tooltip label="Remove link">
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={onRemove}
            aria-label={`Remove the link to ${link.case.reference}`}
          >
            <IconLinkOff size={16} />
          </ActionIcon>
        </Tooltip>
      ) : null}
    </Group>
  );
}

export function LinkedCasesCard({ c, canEdit }: { c: Case; canEdit: boolean }) {
  const links = useCaseLinks(c.id);
  const [linking, setLinking] = useState(false);
  const [removing, setRemoving] = useState<CaseLink | null>(null);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="linked-cases-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4" id="linked-cases-title">
          Linked cases
        </Title>
        {canEdit ? (
          <Button size="xs" variant="light" leftSection={<IconLink size={14} />} onClick={() => setLinking(true)}>
            Link a case
          </Button>
        ) : null}
      </Group>
      {links.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading the linked cases">
          <Skeleton h={40} />
          <Skeleton h={40} />
        </Stack>
      ) : links.isError ? (
        <LoadError
          error={links.error}
          title="The linked cases could not be loaded"
          onRetry={() => void links.refetch()}
          retrying={links.isFetching}
        />
      ) : links.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No linked cases.
        </Text>
      ) : (
        <Stack gap="md">
          {sortLinks(links.data).map((l) => (
            <LinkRow key={l.id} link={l} onRemove={canEdit ? () => setRemoving(l) : undefined} />
          ))}
        </Stack>
      )}
      {canEdit ? (
        <>
          <LinkDialog c={c} opened={linking} onClose={() => setLinking(false)} />
          <RemoveLink caseId={c.id} link={removing} onClose={() => setRemoving(null)} />
        </>
      ) : null}
    </Card>
  );
}
