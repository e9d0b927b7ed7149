// One suspension on the restoration dashboard: what is down, where, since when, and when it is expected back.
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconFlag } from '@tabler/icons-react';
import { useId } from 'react';
import { Link } from 'react-router';

import { HealthBadges, PromiseLine } from '../../components/restoration/badges';
import {
  daysBetween,
  daysLabel,
  formatDate,
  formatDateTime,
  formatDuration,
} from '../../components/restoration/format';
import { healthColor } from '../../components/restoration/health';
import { RestorationProgress } from '../../components/restoration/RestorationProgress';
import { ServiceLink } from '../../components/ServiceLink';
import type { DashboardItem } from '../../components/restoration/types';
import { LatestUpdate } from './LatestUpdate';

function Figure({ label, value, color, hint }: { label: string; value: string; color?: string; hint?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} c={color}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c={color ?? 'dimmed'}>
          {hint}
        </Text>
      )}
    </div>
  );
}

function NextMilestone({ item }: { item: DashboardItem }) {
  const m = item.next_milestone;
  if (item.suspension.status !== 'active') return null;
  if (!m) {
    return (
      <Text size="sm" c="dimmed">
        {item.suspension.milestones_total === 0 ? 'No restoration plan yet.' : 'Every milestone is done.'}
      </Text>
    );
  }
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <IconFlag size={16} style={{ marginTop: 2, flexShrink: 0 }} />
      <Text size="sm">
        <Text span c="dimmed">
          Next:{' '}
        </Text>
        <Text span fw={600}>
          {m.title}
        </Text>
        {m.due_at && (
          <Text span c={m.overdue ? 'var(--cw-text-warning)' : 'dimmed'} fw={m.overdue ? 600 : undefined}>
            {m.overdue ? ` — overdue since ${formatDate(m.due_at)}` : ` — due ${formatDate(m.due_at)}`}
          </Text>
        )}
      </Text>
    </Group>
  );
}

export function DashboardCard({ item }: { item: DashboardItem }) {
  const headingId = useId();
  const s = item.suspension;
  const active = s.status === 'active';
  const color = healthColor(s);
  const lateBy = daysBetween(s.expected_restoration_at, s.projected_restoration_at);

  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="article"
      aria-labelledby={headingId}
      data-health={active ? color : s.status}
      style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }}
    >
      <Stack gap="sm">
        <div>
          <Title order={3} fz="h4" id={headingId} style={{ overflowWrap: 'anywhere' }}>
            <ServiceLink serviceId={s.service_id} inherit>
              {item.service_name}
            </ServiceLink>
          </Title>
          <Text size="sm" c="dimmed">
            {item.department_name} ·{' '}
            <Anchor component={Link} to={`/cases/${s.case_id}`} size="sm" underline="always">
              {item.case_reference}
            </Anchor>
          </Text>
        </div>
        {active ? (
          <Stack gap={4}>
            <HealthBadges suspension={s} />
            <PromiseLine suspension={s} />
          </Stack>
        ) : (
          <Group>
            <Badge color="teal" variant="light" radius="sm">
              Restored
            </Badge>
          </Group>
        )}

        {active ? (
          <SimpleGrid cols={3} spacing="sm">
            <Figure label="Down for" value={daysLabel(s.days_suspended)} hint={`since ${formatDate(s.suspended_at)}`} />
            <Figure label="Expected back" value={formatDate(s.expected_restoration_at, 'Not set')} />
            <Figure
              label="Projected"
              value={formatDate(s.projected_restoration_at, 'Not known')}
              color={s.slipping ? 'red.7' : undefined}
              hint={s.slipping ? (lateBy > 0 ? `${daysLabel(lateBy)} late` : 'later than expected') : undefined}
            />
          </SimpleGrid>
        ) : (
          <SimpleGrid cols={3} spacing="sm">
            <Figure label="Restored" value={formatDateTime(s.restored_at)} />
            <Figure label="Downtime" value={s.downtime_seconds === null ? '—' : formatDuration(s.downtime_seconds)} />
            <Figure label="Expected back" value={formatDate(s.expected_restoration_at, 'Not set')} />
          </SimpleGrid>
        )}

        <RestorationProgress suspension={s} size="lg" />
        <NextMilestone item={item} />
        <LatestUpdate update={item.latest_update} />
      </Stack>
    </Card>
  );
}
