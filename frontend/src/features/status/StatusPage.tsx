// The public status page: no sign-in, outside the shell. Each service with a public name,
// its state, since when, when it is expected back, and the public updates about it.
import { Alert, Anchor, Badge, Card, Container, Divider, Group, Stack, Text, Timeline, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconCircleCheck, IconRss } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { Brand } from '../../components/Brand';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { formatDateTime } from '../../components/restoration/format';
import {
  FEED_URL,
  ordered,
  overallLine,
  promise,
  STATUS_REFRESH_MS,
  type StatusService,
  type StatusUpdate,
} from './status';

const STATE: Record<StatusService['state'], { label: string; color: string }> = {
  operational: { label: 'Operational', color: 'teal' },
  suspended: { label: 'Suspended', color: 'red' },
  restored: { label: 'Restored', color: 'blue' },
};

/** useStatus reads GET /status without a token, again every 30 s. */
function useStatus() {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.publicStatus,
    queryFn: async ({ signal }) => unwrap(await client.GET('/status', { signal })),
    refetchInterval: STATUS_REFRESH_MS,
  });
}

function UpdateItem({ update }: { update: StatusUpdate }) {
  return (
    <Timeline.Item
      title={
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600} component="time" dateTime={update.at}>
            {formatDateTime(update.at)}
          </Text>
          {update.corrects_at ? (
            <Badge size="xs" variant="light" color="orange">
              Correction to the update of {formatDateTime(update.corrects_at)}
            </Badge>
          ) : null}
          {update.corrected ? (
            <Badge size="xs" variant="outline" color="gray">
              Corrected later
            </Badge>
          ) : null}
        </Group>
      }
    >
      <Text
        size="sm"
        dir="auto"
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        c={update.corrected ? 'dimmed' : undefined}
      >
        {update.body}
      </Text>
    </Timeline.Item>
  );
}

function ServiceRow({ service }: { service: StatusService }) {
  const state = STATE[service.state];
  const p = promise(service);
  return (
    <Stack gap="xs" component="article" aria-label={service.public_name} py="md">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Text fw={600} dir="auto" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
          {service.public_name}
        </Text>
        <Badge color={state.color} variant="light" radius="sm" style={{ flexShrink: 0 }}>
          {state.label}
        </Badge>
      </Group>
      {service.state === 'suspended' ? (
        <Text size="sm" c="dimmed">
          Suspended since {formatDateTime(service.since)} ·{' '}
          <Text span fw={600} c="var(--mantine-color-text)">
            {p.expected}
          </Text>
          {p.original ? `, ${p.original}` : null}
        </Text>
      ) : null}
      {service.state === 'restored' ? (
        <Text size="sm" c="dimmed">
          Restored {formatDateTime(service.since)}
        </Text>
      ) : null}
      {service.updates.length > 0 ? (
        <Timeline bulletSize={12} lineWidth={2} mt={4} aria-label={`Updates on ${service.public_name}`}>
          {service.updates.map((u) => (
            <UpdateItem key={u.id} update={u} />
          ))}
        </Timeline>
      ) : null}
    </Stack>
  );
}

function Overall({ services }: { services: StatusService[] }) {
  const { text, suspended } = overallLine(services);
  const ok = suspended === 0;
  return (
    <Alert
      variant="filled"
      color={ok ? 'teal' : 'red'}
      radius="md"
      icon={ok ? <IconCircleCheck /> : <IconAlertTriangle />}
      title={<span role="status">{text}</span>}
    />
  );
}

export function StatusPage() {
  useDocumentTitle('Service status');
  const status = useStatus();

  const body = () => {
    if (status.isPending) return <LoadingRows label="Loading the service status" />;
    if (status.isError) {
      return (
        <LoadError
          error={status.error}
          title="The service status could not be loaded"
          onRetry={() => void status.refetch()}
          retrying={status.isFetching}
        />
      );
    }
    const services = ordered(status.data.services);
    if (services.length === 0) {
      return (
        <Card withBorder radius="md">
          <Empty
            title="No services are listed yet"
            description="Services appear here once they are given a public name."
          />
        </Card>
      );
    }
    return (
      <Stack gap="md">
        <Overall services={services} />
        <Card withBorder radius="md" py={0}>
          {services.map((s, i) => (
            <div key={s.public_name}>
              {i > 0 ? <Divider /> : null}
              <ServiceRow service={s} />
            </div>
          ))}
        </Card>
        <Text size="xs" c="dimmed">
          Updated {formatDateTime(status.data.generated_at)}. This page refreshes every 30 seconds; a new update appears
          within 30 seconds.
        </Text>
      </Stack>
    );
  };

  return (
    <Container component="main" size={760} px="md" py="xl">
      <Stack gap="lg">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Brand />
          <Anchor href={FEED_URL} size="sm">
            <Group gap={4} wrap="nowrap">
              <IconRss size={16} />
              Subscribe (Atom feed)
            </Group>
          </Anchor>
        </Group>
        <Title order={1} fz="h2">
          Service status
        </Title>
        {body()}
        <Text size="xs" c="dimmed" ta="center">
          Staff?{' '}
          <Anchor component={Link} to="/login" size="xs">
            Sign in
          </Anchor>
        </Text>
      </Stack>
    </Container>
  );
}
