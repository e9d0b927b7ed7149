// A page per service: its state, a 90-day availability bar, downtime per month and every
// suspension over time with baseline against actual restoration. Every role that follows
// restoration may open it; department heads only for their own department's services.
import { Alert, Anchor, Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconCircleCheck, IconEyeOff, IconServerOff } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';

import { ApiError } from '../../api/problem';
import { Empty, LoadError } from '../../components/PageStates';
import { AvailabilityBar } from './AvailabilityBar';
import { MonthlyDowntimeChart } from './MonthlyDowntimeChart';
import { isServiceId, useServiceHistory } from './queries';
import { SuspensionHistory } from './SuspensionHistory';
import type { ServiceHistory } from './types';
import { FollowButton } from '../notifications/FollowButton';

function ServiceNotFound() {
  return (
    <Empty
      icon={IconServerOff}
      title="Service not found"
      description="There is no service at this address, or it is not visible to you."
      action={
        <Button component={Link} to="/restoration" variant="default" leftSection={<IconArrowLeft size={16} />}>
          Back to restoration
        </Button>
      }
    />
  );
}

function Header({ h }: { h: ServiceHistory }) {
  const s = h.service;
  const down = s.status === 'suspended';
  return (
    <Stack gap={4}>
      <Group gap="sm" align="center" wrap="wrap">
        <Title order={1} fz="h2" style={{ overflowWrap: 'anywhere' }}>
          {s.name}
        </Title>
        <Badge color={down ? 'red' : 'teal'} variant="filled" radius="sm" data-testid="service-state">
          {down ? 'Suspended' : 'Operational'}
        </Badge>
        <FollowButton type="service" id={s.id} />
      </Group>
      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {s.department_name}
        {s.public_name ? ` · on the public status page as “${s.public_name}”` : ''}
      </Text>
    </Stack>
  );
}

function HiddenNote({ h }: { h: ServiceHistory }) {
  if (h.hidden_suspensions === 0 && h.omitted_suspensions === 0) return null;
  const lines: string[] = [];
  if (h.hidden_suspensions > 0) {
    const n = h.hidden_suspensions;
    lines.push(
      `${n} ${n === 1 ? 'suspension is' : 'suspensions are'} on cases you may not see: not listed here, but counted in the figures above (the service was down for everyone).`,
    );
  }
  if (h.omitted_suspensions > 0)
    lines.push(`Only the latest ${h.suspensions.length} are listed; ${h.omitted_suspensions} older ones are not.`);
  return (
    <Alert color="gray" variant="light" icon={<IconEyeOff size={18} />} data-testid="hidden-suspensions">
      {lines.map((l) => (
        <Text key={l} size="sm">
          {l}
        </Text>
      ))}
    </Alert>
  );
}

function NeverSuspended() {
  return (
    <Empty
      icon={IconCircleCheck}
      title="Never suspended"
      description="This service has never been taken offline: there is no downtime to show."
    />
  );
}

function Loading() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading the service">
      <Skeleton h={40} w="50%" radius="sm" />
      <Skeleton h={90} radius="md" />
      <Skeleton h={200} radius="md" />
    </Stack>
  );
}

export function ServiceView({ id }: { id: string }) {
  const history = useServiceHistory(id);
  useDocumentTitle(history.data ? `${history.data.service.name} · Caseward` : 'Service · Caseward');
  if (history.isPending) return <Loading />;
  if (history.isError) {
    if (history.error instanceof ApiError && history.error.status === 404) return <ServiceNotFound />;
    return (
      <LoadError
        error={history.error}
        title="The service could not be loaded"
        onRetry={() => void history.refetch()}
        retrying={history.isFetching}
      />
    );
  }
  const h = history.data;
  const now = Date.parse(h.generated_at);
  const never = h.suspensions.length === 0 && h.hidden_suspensions === 0 && h.omitted_suspensions === 0;
  return (
    <Stack gap="lg" style={{ minWidth: 0 }}>
      <Anchor component={Link} to="/restoration" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} /> Restoration
        </Group>
      </Anchor>
      <Header h={h} />
      <Card withBorder radius="md" padding="md" component="section" aria-label="Availability">
        <AvailabilityBar days={h.availability} percent={h.availability_90d_percent} />
      </Card>
      {never ? (
        <Card withBorder radius="md" padding="md">
          <NeverSuspended />
        </Card>
      ) : (
        <>
          <Card withBorder radius="md" padding="md" component="section" aria-labelledby="downtime-per-month">
            <Title order={2} fz="h4" mb="xs" id="downtime-per-month">
              Downtime per month
            </Title>
            {h.downtime_by_month.length > 0 ? (
              <MonthlyDowntimeChart months={h.downtime_by_month} />
            ) : (
              <Text size="sm" c="dimmed">
                No downtime so far.
              </Text>
            )}
            <Text size="xs" c="dimmed" mt="xs">
              Calendar months in UTC. A suspension counts from its start to its restoration (to now while it lasts); a
              cancelled one counts nothing; overlapping ones count once.
            </Text>
          </Card>
          <Stack component="section" gap="sm" aria-labelledby="suspensions-heading">
            <Title order={2} fz="h4" id="suspensions-heading">
              Suspensions
            </Title>
            <HiddenNote h={h} />
            {h.suspensions.length > 0 && (
              <Text size="xs" c="dimmed">
                Newest first. Each bar runs from the suspension to the restoration (red while still down, stripes for
                the projection still ahead); the dark mark is the first promised date.
              </Text>
            )}
            {h.suspensions.length > 0 ? (
              <SuspensionHistory items={h.suspensions} now={now} />
            ) : (
              <Text size="sm" c="dimmed">
                No suspension you may see.
              </Text>
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
}

export function ServicePage() {
  const { id } = useParams();
  if (!isServiceId(id)) return <ServiceNotFound />;
  return <ServiceView key={id} id={id} />;
}
