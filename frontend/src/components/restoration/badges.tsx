// Badges for a suspension's status and health, and for a milestone's status.
import { Badge, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconClockExclamation } from '@tabler/icons-react';

import {
  healthInfo,
  milestoneStatusInfo,
  overdueLabel,
  promiseLine,
  suspensionHealth,
  suspensionStatusInfo,
} from './health';
import type { MilestoneStatus, Suspension, SuspensionStatus } from './types';

export function SuspensionStatusBadge({ status }: { status: SuspensionStatus }) {
  const info = suspensionStatusInfo[status];
  return (
    <Badge color={info.color} variant="light" radius="sm">
      {info.label}
    </Badge>
  );
}

export function MilestoneStatusBadge({ status }: { status: MilestoneStatus }) {
  const info = milestoneStatusInfo[status];
  return (
    <Badge color={info.color} variant="light" radius="sm">
      {info.label}
    </Badge>
  );
}

/**
 * HealthBadges shows the plan status of a suspension still down (slipping red, at risk orange,
 * "No plan yet" yellow, never "on track" without a plan), with how many milestones are overdue.
 */
export function HealthBadges({
  suspension,
}: {
  suspension: Pick<Suspension, 'status' | 'plan_status' | 'overdue_milestones'>;
}) {
  if (suspension.status !== 'active') return null;
  const health = suspensionHealth(suspension);
  const info = healthInfo[health];
  const alarming = health === 'slipping' || health === 'at_risk';
  const overdue = suspension.overdue_milestones;
  return (
    <Group gap={6}>
      <Badge
        color={info.color}
        variant={alarming ? 'filled' : 'light'}
        radius="sm"
        data-plan-status={health}
        leftSection={alarming ? <IconAlertTriangle size={12} /> : undefined}
      >
        {info.label}
      </Badge>
      {overdue > 0 && (
        <Badge color="orange" variant="light" radius="sm" leftSection={<IconClockExclamation size={12} />}>
          {overdueLabel(overdue)}
        </Badge>
      )}
    </Group>
  );
}

/** PromiseLine: "promised 1 Mar, now 23 Dec, moved 2×", where the suspension has a baseline. */
export function PromiseLine({
  suspension,
}: {
  suspension: Pick<Suspension, 'baseline_restoration_at' | 'expected_restoration_at' | 'replan_count'>;
}) {
  const line = promiseLine(suspension);
  if (!line) return null;
  return (
    <Text size="sm" c={suspension.replan_count > 0 ? 'orange.8' : 'dimmed'} data-testid="promise-line">
      {line}
    </Text>
  );
}
