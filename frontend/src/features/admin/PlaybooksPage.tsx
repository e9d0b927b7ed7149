// Administration › Playbooks: the case templates "New case" offers. Define, edit (each edit is a
// new version; cases keep the version they were made from) and retire them.
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconArchive, IconBook2, IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';

import { useApi } from '../../api/context';
import { errorMessage, unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { etagOf } from '../../api/types';
import { categoryLabel, severityInfo } from '../../components/caseLabels';
import { formatDate } from '../../components/dates';
import { PageHeader } from '../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { summary } from '../playbooks/playbookLogic';
import { usePlaybooks } from '../playbooks/queries';
import type { Playbook } from '../playbooks/types';
import { PlaybookEditor } from './PlaybookEditor';

function RetireDialog({ playbook, onClose }: { playbook: Playbook | null; onClose: () => void }) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const retire = useMutation({
    mutationFn: async (p: Playbook) =>
      unwrap(
        await client.POST('/playbooks/{id}/retire', {
          params: { path: { id: p.id }, header: { 'If-Match': etagOf(p.current_version) } },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.playbooks.all });
      onClose();
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: queryKeys.playbooks.all }),
  });
  return (
    <Modal opened={playbook !== null} onClose={onClose} title={playbook ? `Retire ${playbook.name}?` : 'Retire'}>
      <Stack gap="sm">
        <Text size="sm">
          &quot;New case&quot; will no longer offer it. It is kept, with every version, for the cases made from it.
          Retiring cannot be undone.
        </Text>
        {retire.error ? (
          <Text size="sm" c="red" role="alert">
            {errorMessage(retire.error)}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={retire.isPending} onClick={() => playbook && retire.mutate(playbook)}>
            Retire playbook
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function PlaybooksPage() {
  useDocumentTitle('Playbooks · Caseward');
  const [withRetired, setWithRetired] = useState(false);
  const playbooks = usePlaybooks(withRetired);
  // The editor gets the playbook from the latest list, so a reload after a 412 brings the new version.
  const [editor, setEditor] = useState<{ id: string | null } | null>(null);
  const [retiring, setRetiring] = useState<Playbook | null>(null);
  const editing = editor?.id ? (playbooks.data?.find((p) => p.id === editor.id) ?? null) : null;

  const body = () => {
    if (playbooks.isPending) return <LoadingRows label="Loading playbooks" />;
    if (playbooks.isError) {
      return (
        <LoadError
          error={playbooks.error}
          title="The playbooks could not be loaded"
          onRetry={() => void playbooks.refetch()}
          retrying={playbooks.isFetching}
        />
      );
    }
    if (playbooks.data.length === 0) {
      return (
        <Empty
          icon={IconBook2}
          title="No playbooks"
          description="A playbook gives a new case its tasks and a suspension plan. Define the first."
        />
      );
    }
    return (
      <ResponsiveTable minWidth={640} highlightOnHover verticalSpacing="sm" aria-label="Playbooks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Category</Table.Th>
            <Table.Th>Severity</Table.Th>
            <Table.Th>Adds</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th w={90}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {playbooks.data.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td data-label="Name">
                <Group gap={6}>
                  <Text size="sm" fw={500}>
                    {p.name}
                  </Text>
                  {p.builtin ? (
                    <Badge size="sm" variant="light" color="gray">
                      Built-in
                    </Badge>
                  ) : null}
                  {p.retired_at ? (
                    <Badge size="sm" variant="light" color="red">
                      Retired {formatDate(p.retired_at)}
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td data-label="Category">
                <Text size="sm">{categoryLabel[p.category]}</Text>
              </Table.Td>
              <Table.Td data-label="Severity">
                <Text size="sm">{severityInfo[p.severity].label}</Text>
              </Table.Td>
              <Table.Td data-label="Adds">
                <Text size="sm">{summary(p)}</Text>
              </Table.Td>
              <Table.Td data-label="Version">
                <Text size="sm">
                  {p.current_version} · {formatDate(p.created_at)}
                </Text>
              </Table.Td>
              <Table.Td data-corner>
                {p.retired_at ? null : (
                  <Group gap={4} wrap="nowrap">
                    <Tooltip label="Edit" withArrow>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Edit ${p.name}`}
                        onClick={() => setEditor({ id: p.id })}
                      >
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Retire" withArrow>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Retire ${p.name}`}
                        onClick={() => setRetiring(p)}
                      >
                        <IconArchive size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ResponsiveTable>
    );
  };

  return (
    <>
      <PageHeader
        title="Playbooks"
        description="Case templates: the tasks a new case starts with, due after its start, and a suspension plan."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditor({ id: null })}>
            New playbook
          </Button>
        }
      />
      <Checkbox
        mt="md"
        label="Show retired playbooks"
        checked={withRetired}
        onChange={(e) => setWithRetired(e.currentTarget.checked)}
      />
      <Card withBorder padding="md" radius="md" mt="md">
        {body()}
      </Card>
      <PlaybookEditor opened={editor !== null} playbook={editing} onClose={() => setEditor(null)} />
      <RetireDialog playbook={retiring} onClose={() => setRetiring(null)} />
    </>
  );
}
