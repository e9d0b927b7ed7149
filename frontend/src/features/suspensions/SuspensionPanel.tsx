// One suspension on the case page: its figures, its plan as a table and a chart, and its actions.
import { Button, Divider, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconPencil, IconX } from '@tabler/icons-react';
import { useId, useState } from 'react';

import { HealthBadges, PromiseLine, SuspensionStatusBadge } from '../../components/restoration/badges';
import {
  daysBetween,
  daysLabel,
  formatDateTime,
  formatDeadline,
  formatDuration,
} from '../../components/restoration/format';
import { healthColor } from '../../components/restoration/health';
import { MilestoneTimeline } from '../../components/restoration/MilestoneTimeline';
import { RestorationProgress } from '../../components/restoration/RestorationProgress';
import { ServiceLink } from '../../components/ServiceLink';
import type { Suspension } from '../../components/restoration/types';
import { AddMilestoneForm } from './AddMilestoneForm';
import { EditSuspensionDialog } from './EditSuspensionDialog';
import { EndSuspensionDialog } from './EndSuspensionDialog';
import { MilestonePlan } from './MilestonePlan';
import type { EndAction } from './mutations';
import { ReplanHistory } from './ReplanHistory';
import { UpdatesSection } from './UpdatesSection';

function Figure({ label, value, color, hint }: { label: string; value: string; color?: string; hint?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={600} c={color}>
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

function Detail({ label, value }: { label: string; value: string | null }) {
  if (!value) return null;
  return (
    <Text size="sm">
      <Text span fw={600}>
        {label}:
      </Text>{' '}
      {value}
    </Text>
  );
}

interface Props {
  suspension: Suspension;
  serviceName: string;
  /** The service's name on the public status page; null when it is not on it. */
  publicName?: string | null;
  editable: boolean;
}

export function SuspensionPanel({ suspension: s, serviceName, publicName = null, editable }: Props) {
  const headingId = useId();
  const [ending, setEnding] = useState<EndAction | null>(null);
  const [editing, setEditing] = useState(false);
  const active = s.status === 'active';
  const canChange = editable && active;
  const lateBy = daysBetween(s.expected_restoration_at, s.projected_restoration_at);

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="article"
      aria-labelledby={headingId}
      data-health={active ? healthColor(s) : s.status}
      style={{ borderLeft: `4px solid var(--mantine-color-${healthColor(s)}-6)` }}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Group gap="sm">
            <Title order={3} fz="h4" id={headingId}>
              <ServiceLink serviceId={s.service_id} inherit>
                {serviceName}
              </ServiceLink>
            </Title>
            <SuspensionStatusBadge status={s.status} />
            <HealthBadges suspension={s} />
            <PromiseLine suspension={s} />
          </Group>
          {canChange && (
            <Group gap="xs">
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPencil size={14} />}
                onClick={() => setEditing(true)}
              >
                Edit details
              </Button>
              <Button
                size="xs"
                color="teal"
                leftSection={<IconCircleCheck size={14} />}
                onClick={() => setEnding('restore')}
              >
                Restore service
              </Button>
              <Button
                size="xs"
                variant="light"
                color="gray"
                leftSection={<IconX size={14} />}
                onClick={() => setEnding('cancel')}
              >
                Cancel suspension
              </Button>
            </Group>
          )}
        </Group>

        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          {s.status === 'cancelled' ? (
            <Figure label="Suspended" value={formatDateTime(s.suspended_at)} />
          ) : (
            <Figure
              label={active ? 'Down for' : 'Was down for'}
              value={daysLabel(s.days_suspended)}
              hint={`since ${formatDateTime(s.suspended_at)}`}
            />
          )}
          <Figure label="Expected back" value={formatDeadline(s.expected_restoration_at, 'Not set')} />
          {active ? (
            <Figure
              label="Projected"
              value={formatDateTime(s.projected_restoration_at, 'Not known')}
              color={s.slipping ? 'red.7' : undefined}
              hint={s.slipping ? (lateBy > 0 ? `${daysLabel(lateBy)} late` : 'later than expected') : undefined}
            />
          ) : s.status === 'restored' ? (
            <Figure label="Restored" value={formatDateTime(s.restored_at)} />
          ) : (
            <Figure label="Status" value="Withdrawn" hint="recorded in error or reversed" />
          )}
          {s.status === 'restored' && s.downtime_seconds !== null ? (
            <Figure label="Downtime" value={formatDuration(s.downtime_seconds)} />
          ) : (
            <Figure
              label="Overdue milestones"
              value={String(s.overdue_milestones)}
              color={s.overdue_milestones > 0 ? 'orange.8' : undefined}
            />
          )}
        </SimpleGrid>

        <Stack gap={2}>
          <Detail label="Reason" value={s.reason} />
          <Detail label="Decided by" value={s.decided_by} />
          <Detail
            label="Affected users"
            value={s.affected_users_estimate === null ? null : s.affected_users_estimate.toLocaleString('en-GB')}
          />
          <Detail label="Impact" value={s.impact} />
          <Detail label="Workaround" value={s.workaround} />
        </Stack>

        <RestorationProgress suspension={s} />
        <ReplanHistory suspension={s} />

        <Divider label="Restoration plan" labelPosition="left" />
        <MilestoneTimeline suspension={s} />
        <MilestonePlan suspensionId={s.id} milestones={s.milestones} editable={canChange} />
        {canChange && <AddMilestoneForm suspensionId={s.id} />}

        <Divider label="Updates" labelPosition="left" />
        <UpdatesSection suspension={s} publicName={publicName} canPost={canChange} />
      </Stack>

      {ending && (
        <EndSuspensionDialog
          suspensionId={s.id}
          serviceName={serviceName}
          action={ending}
          onClose={() => setEnding(null)}
        />
      )}
      {editing && (
        <EditSuspensionDialog suspension={s} serviceName={serviceName} opened onClose={() => setEditing(false)} />
      )}
    </Paper>
  );
}
