// The signed-in landing page: your work first (by role), then who you are.
import { Alert, Button, Card, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertCircle } from '@tabler/icons-react';

import { useMe } from '../../api/queries';
import { errorMessage } from '../../api/problem';
import type { User } from '../../api/session';
import { roleInfo } from '../../components/roles';
import { AccountCard } from './AccountCard';
import { MyWorkSection } from './MyWork';

function firstName(user: User): string {
  return user.name.trim().split(/\s+/)[0] || user.email;
}

function OverviewSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading your account">
      <Skeleton h={34} w="40%" />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Skeleton h={220} />
        <Skeleton h={220} />
      </SimpleGrid>
    </Stack>
  );
}

export function OverviewPage() {
  useDocumentTitle('Overview · Caseward');
  const me = useMe();

  if (me.isPending) return <OverviewSkeleton />;
  if (me.isError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Your account could not be loaded" maw={640}>
        <Stack gap="sm">
          <Text size="sm">{errorMessage(me.error)}</Text>
          <div>
            <Button size="xs" color="red" loading={me.isFetching} onClick={() => void me.refetch()}>
              Try again
            </Button>
          </div>
        </Stack>
      </Alert>
    );
  }

  const user = me.data;
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1} fz="h2">
          Welcome, {firstName(user)}
        </Title>
        <Text c="dimmed" mt={4}>
          {roleInfo[user.role].summary}
        </Text>
      </div>
      <MyWorkSection />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <AccountCard user={user} />
        <Card withBorder padding="lg" radius="md">
          <Text size="sm" c="dimmed">
            Caseward keeps the record of a security incident in one place: what happened, which services were taken
            offline and when they come back, the evidence and who handled it, and an audit trail that shows nothing was
            altered.
          </Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
