// Badges for a suspension's status and health, and for a milestone's status.
import { Badge, Group } from '@mantine/core';
import { IconAlertTriangle, IconClockExclamation } from '@tabler/icons-react';

import { milestoneStatusInfo, overdueLabel, suspensionStatusInfo } from './health';
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

/** HealthBadges flags a suspension still down that is slipping (red) or has overdue milestones (orange). */
export function HealthBadges({ suspension }: { suspension: Pick<Suspension, 'status' | 'slipping' | 'overdue_milestones'> }) {
  if (suspension.status !== 'active') return null;
  const { slipping, overdue_milestones: overdue } = suspension;
  if (!slipping && overdue === 0) {
    return (
      <Group gap={6}>
        <Badge color="blue" variant="light" radius="sm">
          On track
        </Badge>
      </Group>
    );
  }
  return (
    <Group gap={6}>
      {slipping && (
        <Badge color="red" variant="filled" radius="sm" leftSection={<IconAlertTriangle size={12} />}>
          Slipping
        </Badge>
      )}
      {overdue > 0 && (
        <Badge color="orange" variant="filled" radius="sm" leftSection={<IconClockExclamation size={12} />}>
          {overdueLabel(overdue)}
        </Badge>
      )}
    </Group>
  );
}
