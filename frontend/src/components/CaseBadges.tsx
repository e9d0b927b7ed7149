// Small coloured badges for a case's status, severity and breach status.
import { Badge, type BadgeProps } from '@mantine/core';

import type { BreachStatus, CaseStatus, Severity } from '../api/types';
import { breachInfo, severityInfo, statusInfo } from './caseLabels';

type Props = Omit<BadgeProps, 'color' | 'children'>;

export function StatusBadge({ status, ...props }: { status: CaseStatus } & Props) {
  const info = statusInfo[status];
  return (
    <Badge color={info.color} variant="light" radius="sm" {...props}>
      {info.label}
    </Badge>
  );
}

export function SeverityBadge({ severity, ...props }: { severity: Severity } & Props) {
  const info = severityInfo[severity];
  return (
    <Badge color={info.color} variant={severity === 'critical' ? 'filled' : 'dot'} radius="sm" {...props}>
      {info.label}
    </Badge>
  );
}

export function BreachBadge({ breach, ...props }: { breach: BreachStatus } & Props) {
  const info = breachInfo[breach];
  return (
    <Badge color={info.color} variant="outline" radius="sm" {...props}>
      {info.label}
    </Badge>
  );
}
