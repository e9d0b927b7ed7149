// Administration › API keys: every key, live, expired or revoked, with the account it acts for and
// its last use; a new key for another tool (its token shown once), and revoking any key after a
// confirmation. The keys of one account are a filter kept in the URL (?user=). Tokens are never listed: the server keeps only their SHA-256 (docs/api-keys.md).
import { Badge, Button, Card, Group, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { useUserDirectory } from '../../../api/queries';
import type { APIKey } from '../../../api/types';
import { useSignedInUser } from '../../../app/auth';
import { KeyRoleBadge, KeyState, LastUsed, RevokeButton } from '../../../components/apikeys/KeyParts';
import { kindLabel } from '../../../components/apikeys/labels';
import { RevokeKeyDialog } from '../../../components/apikeys/RevokeKeyDialog';
import { formatDateTime } from '../../../components/dates';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeader } from '../../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../../components/PageStates';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { NewKeyDialog } from './NewKeyDialog';
import { useAPIKeyList, useRevokeAPIKey } from './queries';

function KeyRow({ apiKey: k, isMe, onRevoke }: { apiKey: APIKey; isMe: boolean; onRevoke: () => void }) {
  return (
    <Table.Tr data-testid="api-key-row" data-key-id={k.id}>
      <Table.Td>
        <Stack gap={0}>
          <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
            {k.name}
          </Text>
          <Text size="xs" c="dimmed">
            {kindLabel[k.kind]} key
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td data-label="Role">
        <KeyRoleBadge apiKey={k} />
      </Table.Td>
      <Table.Td data-label="Acts for">
        <Stack gap={0}>
          <Group gap={6} wrap="nowrap">
            <Text size="sm">{k.user_name}</Text>
            {isMe ? (
              <Badge size="xs" variant="outline" color="gray" radius="sm">
                you
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {k.user_email}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td data-label="State">
        <KeyState apiKey={k} />
      </Table.Td>
      <Table.Td data-label="Expires">
        <Text size="sm">{formatDateTime(k.expires_at)}</Text>
      </Table.Td>
      <Table.Td data-label="Last used">
        <LastUsed apiKey={k} />
      </Table.Td>
      <Table.Td data-label="Created">
        <Text size="sm">{formatDateTime(k.created_at)}</Text>
      </Table.Td>
      <Table.Td data-corner>
        <RevokeButton apiKey={k} onRevoke={onRevoke} />
      </Table.Td>
    </Table.Tr>
  );
}

export function APIKeysPage() {
  useDocumentTitle('API keys · Caseward');
  const me = useSignedInUser();
  const [params, setParams] = useSearchParams();
  const userId = params.get('user');
  const users = useUserDirectory(true);
  const keys = useAPIKeyList(userId);
  const revoke = useRevokeAPIKey();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<APIKey | null>(null);

  const setUser = (id: string | null) =>
    setParams(
      (p) => {
        if (id) p.set('user', id);
        else p.delete('user');
        return p;
      },
      { replace: true },
    );

  const body = () => {
    if (keys.query.isPending) return <LoadingRows label="Loading API keys" />;
    if (keys.query.isError) {
      return (
        <LoadError
          error={keys.query.error}
          title="The API keys could not be loaded"
          onRetry={() => void keys.query.refetch()}
          retrying={keys.query.isFetching}
        />
      );
    }
    if (keys.items.length === 0) {
      return (
        <Empty
          icon={IconKey}
          title={userId ? 'No API keys act for this account' : 'No API keys yet'}
          description="Make one for a SIEM forwarding alerts, a reporting dashboard or another tool."
        />
      );
    }
    return (
      <>
        <ResponsiveTable minWidth={960} highlightOnHover verticalSpacing="sm" aria-label="API keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Acts for</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th w={90}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.items.map((k) => (
              <KeyRow key={k.id} apiKey={k} isMe={k.user_id === me.id} onRevoke={() => setRevoking(k)} />
            ))}
          </Table.Tbody>
        </ResponsiveTable>
        <LoadMore
          hasMore={keys.hasMore}
          loading={keys.loadingMore}
          onLoad={keys.loadMore}
          shown={keys.items.length}
          noun={['key', 'keys']}
        />
      </>
    );
  };

  return (
    <>
      <PageHeader
        title="API keys"
        description="Other tools call Caseward's API with these keys, each acting for one account with one role until it expires or is revoked. Everyone makes personal keys on their account page."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New key
          </Button>
        }
      />
      <Group mt="lg" mb="sm">
        <Select
          label="Acting for"
          placeholder="Every account"
          data={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
          value={userId}
          onChange={setUser}
          clearable
          searchable
          nothingFoundMessage="No such account"
          w={{ base: '100%', xs: 360 }}
        />
      </Group>
      <Card withBorder padding="md" radius="md">
        {body()}
      </Card>
      <NewKeyDialog opened={creating} onClose={() => setCreating(false)} />
      <RevokeKeyDialog apiKey={revoking} revoke={revoke} onClose={() => setRevoking(null)} />
    </>
  );
}
