// The pieces of an API key both lists show: its role and state as badges, and its last use.
import { Badge, Button, Stack, Text } from '@mantine/core';

import type { APIKey } from '../../api/types';
import { formatDateTime } from '../dates';
import { keyRoleInfo, stateInfo } from './labels';

export function KeyRoleBadge({ apiKey }: { apiKey: APIKey }) {
  const info = keyRoleInfo[apiKey.role];
  return (
    <Badge color={info.color} variant="light" radius="sm">
      {info.label}
    </Badge>
  );
}

/** KeyState is the key's state badge, with when it was revoked. */
export function KeyState({ apiKey }: { apiKey: APIKey }) {
  const info = stateInfo[apiKey.state];
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={info.color} variant={apiKey.state === 'live' ? 'light' : 'outline'} radius="sm">
        {info.label}
      </Badge>
      {apiKey.revoked_at ? (
        <Text size="xs" c="dimmed">
          {formatDateTime(apiKey.revoked_at)}
        </Text>
      ) : null}
    </Stack>
  );
}

/** LastUsed says when the key was last used and from where (recorded at most once a minute), or "Never". */
export function LastUsed({ apiKey }: { apiKey: APIKey }) {
  if (!apiKey.last_used_at) {
    return (
      <Text size="sm" c="dimmed">
        Never
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      <Text size="sm">{formatDateTime(apiKey.last_used_at)}</Text>
      {apiKey.last_used_ip ? (
        <Text size="xs" c="dimmed" ff="monospace">
          from {apiKey.last_used_ip}
        </Text>
      ) : null}
    </Stack>
  );
}

/** RevokeButton offers to revoke a live key; a key no longer live offers nothing. */
export function RevokeButton({ apiKey: k, onRevoke }: { apiKey: APIKey; onRevoke: () => void }) {
  if (k.state !== 'live') return null;
  return (
    <Button size="compact-sm" variant="default" onClick={onRevoke} aria-label={`Revoke ${k.name}`}>
      Revoke
    </Button>
  );
}
