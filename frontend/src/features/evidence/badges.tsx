// Badges for an item's kind and for the result of its last verification.
import { Badge, Stack, Text } from '@mantine/core';

import { kindInfo } from './labels';
import type { Evidence, EvidenceKind } from './types';
import { formatLocal, formatUtc } from './zones';

export function KindBadge({ kind }: { kind: EvidenceKind }) {
  const info = kindInfo[kind];
  return (
    <Badge color={info.color} variant="light" radius="sm">
      {info.label}
    </Badge>
  );
}

/** VerificationBadge: ok, a mismatch (in red), never verified, or no file to verify. */
export function VerificationBadge({ item, withTime = false }: { item: Evidence; withTime?: boolean }) {
  let badge;
  if (!item.sha256) {
    badge = (
      <Badge color="gray" variant="outline" radius="sm">
        No file
      </Badge>
    );
  } else if (item.last_verified_ok === true) {
    badge = (
      <Badge color="teal" variant="light" radius="sm">
        Verified OK
      </Badge>
    );
  } else if (item.last_verified_ok === false) {
    badge = (
      <Badge color="red" variant="filled" radius="sm">
        Mismatch
      </Badge>
    );
  } else {
    badge = (
      <Badge color="gray" variant="light" radius="sm">
        Never verified
      </Badge>
    );
  }
  if (!withTime || !item.last_verified_at) return badge;
  return (
    <Stack gap={2} align="flex-start">
      {badge}
      <Text size="xs" c="dimmed" title={formatUtc(item.last_verified_at)}>
        {formatLocal(item.last_verified_at)}
      </Text>
    </Stack>
  );
}
