// The restoration dashboard, department heads' landing page: every suspended service they
// follow, worst first, then those restored in the last 30 days. Refreshes every 30 s and on focus.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCircleCheck, IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';

import { errorMessage } from '../../api/problem';
import { downtimeByService } from '../../components/restoration/downtime';
import { DowntimeChart } from '../../components/restoration/DowntimeChart';
import { formatClock } from '../../components/restoration/format';
import { healthInfo, suspensionHealth, type Health } from '../../components/restoration/health';
import { ServicesTimeline } from '../../components/restoration/ServicesTimeline';
import { useRestorationDashboard } from '../../components/restoration/queries';
import { DashboardCard } from './DashboardCard';
import { splitDashboard } from './dashboard';

function DashboardSkeleton() {
  return (
    <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} aria-busy="true" aria-label="Loading the restoration dashboard">
      <Skeleton h={230} radius="md" />
      <Skeleton h={230} radius="md" />
      <Skeleton h={230} radius="md" />
    </SimpleGrid>
  );
}

function NothingSuspended() {
  return (
    <Paper withBorder radius="md" p="xl">
      <Stack align="center" gap="xs" ta="center">
        <ThemeIcon color="teal" variant="light" size={48} radius="xl">
          <IconCircleCheck size={28} />
        </ThemeIcon>
        <Text fw={700} size="lg">
          No service is suspended
        </Text>
        <Text size="sm" c="dimmed">
          Every service you follow is operational.
        </Text>
      </Stack>
    </Paper>
  );
}

/** PlanCounts: how many suspensions still down are slipping, at risk, without a plan, on track. */
function PlanCounts({ active }: { active: ReturnType<typeof splitDashboard>['active'] }) {
  const order: Health[] = ['slipping', 'at_risk', 'no_plan', 'on_track'];
  const counts = new Map<Health, number>();
  for (const item of active) {
    const h = suspensionHealth(item.suspension);
    counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  return (
    <Group gap="xs" wrap="wrap" aria-label="Plan status of the suspensions still down" role="list">
      {order
        .filter((h) => (counts.get(h) ?? 0) > 0)
        .map((h) => (
          <Badge
            key={h}
            role="listitem"
            color={healthInfo[h].color}
            variant="light"
            radius="sm"
            size="lg"
            data-plan-count={h}
          >
            {counts.get(h)} {healthInfo[h].label.toLowerCase()}
          </Badge>
        ))}
    </Group>
  );
}

export function RestorationDashboardPage() {
  useDocumentTitle('Restoration · Caseward');
  const dashboard = useRestorationDashboard();

  const header = (
    <Group justify="space-between" align="flex-end">
      <div>
        <Title order={1} fz="h2">
          Restoration
        </Title>
        <Text c="dimmed" size="sm">
          Services taken offline as a precaution, and when they are expected back.
        </Text>
      </div>
      {dashboard.data && (
        <Group gap="xs">
          <Text size="xs" c="dimmed" aria-live="polite">
            Updated {formatClock(dashboard.data.generated_at)}
          </Text>
          <Tooltip label="Refresh now">
            <ActionIcon
              variant="subtle"
              aria-label="Refresh now"
              loading={dashboard.isFetching}
              onClick={() => void dashboard.refetch()}
            >
              <IconRefresh size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
      )}
    </Group>
  );

  const data = dashboard.data;
  if (!data) {
    return (
      <Stack gap="lg">
        {header}
        {dashboard.isError ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconPlugConnectedX />}
            title="The dashboard could not be loaded"
            maw={640}
          >
            <Stack gap="sm">
              <Text size="sm">{errorMessage(dashboard.error)}</Text>
              <div>
                <Button size="xs" color="red" loading={dashboard.isFetching} onClick={() => void dashboard.refetch()}>
                  Try again
                </Button>
              </div>
            </Stack>
          </Alert>
        ) : (
          <DashboardSkeleton />
        )}
      </Stack>
    );
  }

  const { active, restored } = splitDashboard(data.items);
  const bars = downtimeByService(data.items, Date.parse(data.generated_at));

  return (
    <Stack gap="lg">
      {header}
      {dashboard.isError && (
        <Alert color="orange" variant="light" icon={<IconPlugConnectedX />} title="Could not refresh">
          Showing the figures from {formatClock(data.generated_at)}. {errorMessage(dashboard.error)}
        </Alert>
      )}

      <section aria-labelledby="restoration-active">
        <Title order={2} fz="h4" mb="sm" id="restoration-active">
          Suspended now{active.length > 0 ? ` (${active.length})` : ''}
        </Title>
        {active.length === 0 ? (
          <NothingSuspended />
        ) : (
          <Stack gap="sm">
            <PlanCounts active={active} />
            <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
              {active.map((item) => (
                <DashboardCard key={item.suspension.id} item={item} />
              ))}
            </SimpleGrid>
          </Stack>
        )}
      </section>

      {active.length + restored.length > 0 && (
        <section aria-labelledby="restoration-timeline">
          <Paper withBorder radius="md" p="md">
            <Title order={2} fz="h4" mb="sm" id="restoration-timeline">
              Timeline across services
            </Title>
            <ServicesTimeline items={[...active, ...restored]} now={Date.parse(data.generated_at)} />
          </Paper>
        </section>
      )}

      {bars.length > 0 && (
        <section aria-labelledby="restoration-downtime">
          <Paper withBorder radius="md" p="md">
            <Title order={2} fz="h4" mb="sm" id="restoration-downtime">
              Downtime by service
            </Title>
            <DowntimeChart bars={bars} />
          </Paper>
        </section>
      )}

      {restored.length > 0 && (
        <section aria-labelledby="restoration-restored">
          <Title order={2} fz="h4" mb="sm" id="restoration-restored">
            Restored in the last 30 days ({restored.length})
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
            {restored.map((item) => (
              <DashboardCard key={item.suspension.id} item={item} />
            ))}
          </SimpleGrid>
        </section>
      )}
    </Stack>
  );
}

export default RestorationDashboardPage;
