// "Personal API keys" on the account page, for every role: the keys acting for me (my own, and those
// an administrator made for my account, marked so), a new personal key (my own role, never chosen;
// at most a year; its token shown once), and revoking one after a confirmation.
import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';

import type { APIKey, APIKeyCreated } from '../../api/types';
import { useSignedInUser } from '../../app/auth';
import { expiresAt, expiryBounds, expiryProblem, PERSONAL_EXPIRY } from '../../components/apikeys/expiry';
import { KeyRoleBadge, KeyState, LastUsed, RevokeButton } from '../../components/apikeys/KeyParts';
import { NewKeyModal } from '../../components/apikeys/NewKeyModal';
import { RevokeKeyDialog } from '../../components/apikeys/RevokeKeyDialog';
import { formatCalendarDay, formatDateTime, zoneLabel } from '../../components/dates';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { LoadMore } from '../../components/LoadMore';
import { nameProblem } from '../../components/names';
import { LoadError, LoadingRows } from '../../components/PageStates';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { roleInfo } from '../../components/roles';
import { useCreateMyAPIKey, useMyAPIKeys, useRevokeMyAPIKey } from './apiKeyQueries';

const FIELDS = ['name', 'expires_at'] as const;
/** Without an expiry there is no request to send. */
const CLIENT_ONLY = ['expires_at'] as const;
const LABELS = { expires_at: 'Expires on' };

interface Values {
  name: string;
  expires_at: string;
}

function NewPersonalKeyForm({ onCreated, onCancel }: { onCreated: (c: APIKeyCreated) => void; onCancel: () => void }) {
  const me = useSignedInUser();
  const [bounds] = useState(() => expiryBounds(PERSONAL_EXPIRY));
  const create = useCreateMyAPIKey();
  const form = useForm<Values>({
    initialValues: { name: '', expires_at: bounds.initial },
    validate: {
      name: (v) => nameProblem('Name', v, 100),
      expires_at: (v) => expiryProblem(v, bounds, PERSONAL_EXPIRY),
    },
  });
  const onSubmit = submitAll(
    form,
    FIELDS,
    (v) =>
      create.mutate(
        { name: v.name.trim(), expires_at: expiresAt(v.expires_at) ?? '' },
        { onSuccess: onCreated, onError: (error) => showServerErrors(form, error, FIELDS, LABELS) },
      ),
    CLIENT_ONLY,
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert error={create.error} fields={FIELDS} noun="API key" />
        <TextInput
          label="Name"
          description="What the key is for, e.g. “Weekly report script”"
          required
          maxLength={100}
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Text size="sm">
          The key acts as you, with your role: <b>{roleInfo[me.role].label}</b>. It stops working if your role changes.
        </Text>
        <TextInput
          type="date"
          label="Expires on"
          required
          min={bounds.min}
          max={bounds.max}
          description={`The key stops working at the end of that day (23:59, ${zoneLabel()}); ${formatCalendarDay(bounds.max)} at the latest.`}
          {...form.getInputProps('expires_at')}
        />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Make key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** MadeBy marks a key an administrator made for my account (or a tool's key I made as one). */
function MadeBy({ apiKey, me }: { apiKey: APIKey; me: string }) {
  if (apiKey.kind === 'personal') return null;
  return (
    <Badge size="xs" variant="outline" color="gray" radius="sm">
      {apiKey.created_by_id === me ? 'Tool key' : 'Made by an administrator'}
    </Badge>
  );
}

function KeyRow({ apiKey: k, me, onRevoke }: { apiKey: APIKey; me: string; onRevoke: () => void }) {
  return (
    <Table.Tr data-testid="my-api-key-row">
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
            {k.name}
          </Text>
          <MadeBy apiKey={k} me={me} />
          <Text size="xs" c="dimmed">
            Made {formatDateTime(k.created_at)}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td data-label="Role">
        <KeyRoleBadge apiKey={k} />
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
      <Table.Td data-corner>
        <RevokeButton apiKey={k} onRevoke={onRevoke} />
      </Table.Td>
    </Table.Tr>
  );
}

function KeyList({ onRevoke }: { onRevoke: (k: APIKey) => void }) {
  const me = useSignedInUser();
  const keys = useMyAPIKeys();
  if (keys.query.isPending) return <LoadingRows rows={2} label="Loading your API keys" />;
  if (keys.query.isError) {
    return (
      <LoadError
        error={keys.query.error}
        title="Your API keys could not be loaded"
        onRetry={() => void keys.query.refetch()}
        retrying={keys.query.isFetching}
      />
    );
  }
  if (keys.items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No keys act for you yet.
      </Text>
    );
  }
  return (
    <>
      <ResponsiveTable minWidth={680} verticalSpacing="xs" aria-label="Your API keys">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th w={90}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.items.map((k) => (
            <KeyRow key={k.id} apiKey={k} me={me.id} onRevoke={() => onRevoke(k)} />
          ))}
        </Table.Tbody>
      </ResponsiveTable>
      {keys.hasMore ? (
        <LoadMore
          hasMore
          loading={keys.loadingMore}
          onLoad={keys.loadMore}
          shown={keys.items.length}
          noun={['key', 'keys']}
        />
      ) : null}
    </>
  );
}

export function PersonalKeys() {
  const revoke = useRevokeMyAPIKey();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<APIKey | null>(null);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="api-keys-title">
      <Group justify="space-between" align="flex-start" mb="xs" gap="sm">
        <Title order={2} fz="h4" id="api-keys-title">
          Personal API keys
        </Title>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
          New personal key
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        For your own scripts: a key acts as you, with your role, sending{' '}
        <Text span ff="monospace" fz="xs">
          Authorization: Bearer …
        </Text>
        . Keys an administrator made for your account are listed too. A key cannot sign in or change your password.
      </Text>
      <KeyList onRevoke={setRevoking} />
      <NewKeyModal
        opened={creating}
        onClose={() => setCreating(false)}
        title="New personal API key"
        form={(onCreated) => <NewPersonalKeyForm onCancel={() => setCreating(false)} onCreated={onCreated} />}
      />
      <RevokeKeyDialog apiKey={revoking} revoke={revoke} onClose={() => setRevoking(null)} />
    </Card>
  );
}
