import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { formatDate } from '../../components/dates';
import { IconUserCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';

import type { User } from '../../api/session';
import { RoleBadge } from '../../components/RoleBadge';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} ta="right" style={{ overflowWrap: 'anywhere' }} component="div">
        {children}
      </Text>
    </Group>
  );
}

/** AccountCard lists the signed-in user's own account details. */
export function AccountCard({ user }: { user: User }) {
  return (
    <Card withBorder padding="lg" radius="md">
      <Group gap="xs" mb="md">
        <IconUserCircle size={20} stroke={1.7} color="var(--mantine-color-anchor)" />
        <Title order={2} fz="h4">
          Your account
        </Title>
      </Group>
      <Stack gap="sm">
        <Row label="Name">{user.name}</Row>
        <Row label="Email">{user.email}</Row>
        <Row label="Role">
          <RoleBadge role={user.role} />
        </Row>
        <Row label="Status">
          <Badge color={user.disabled ? 'red' : 'teal'} variant="dot" radius="sm">
            {user.disabled ? 'Disabled' : 'Active'}
          </Badge>
        </Row>
        <Row label="Member since">{formatDate(user.created_at)}</Row>
      </Stack>
    </Card>
  );
}
