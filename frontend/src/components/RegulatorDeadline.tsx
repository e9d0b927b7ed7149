// The nearest running notification deadline of a case (any obligation: GDPR, NIS2, PECR, …) as a
// badge that counts down: "due in 2 d 5 h", red when overdue; its phase in the tooltip.
import { Badge, type BadgeProps } from '@mantine/core';
import { IconAlarm, IconAlertTriangle, IconCircleCheck, IconMinus } from '@tabler/icons-react';

import type { Case } from '../api/types';
import { regulatorDeadline, type DeadlineTone } from './countdown';
import { formatDateTime, formatDeadline } from './dates';
import { useNow } from './useNow';

const toneStyle: Record<DeadlineTone, { color: string; variant: BadgeProps['variant']; icon: typeof IconAlarm }> = {
  neutral: { color: 'gray', variant: 'light', icon: IconMinus },
  done: { color: 'teal', variant: 'light', icon: IconCircleCheck },
  due: { color: 'blue', variant: 'light', icon: IconAlarm },
  soon: { color: 'orange', variant: 'light', icon: IconAlarm },
  overdue: { color: 'red', variant: 'filled', icon: IconAlertTriangle },
};

function explanation(c: RegulatorProps['c'], tone: DeadlineTone): string {
  if (c.next_clock_due_at) return `${c.next_clock_label || 'Notification'} due ${formatDeadline(c.next_clock_due_at)}`;
  if (tone === 'done') return `Regulator notified ${formatDateTime(c.regulator_notified_at)}`;
  if (tone === 'neutral') {
    return c.personal_data_involved
      ? 'A decision not to notify the regulator is recorded'
      : 'No personal data involved: no regulator notification required';
  }
  return `Regulator notification due ${formatDeadline(c.regulator_notification_due_at)}, 72 hours after awareness`;
}

interface RegulatorProps {
  c: Pick<
    Case,
    'regulator_status' | 'regulator_notification_due_at' | 'regulator_notified_at' | 'personal_data_involved'
  > &
    Partial<Pick<Case, 'next_clock_due_at' | 'next_clock_label'>>;
  size?: BadgeProps['size'];
}

/**
 * RegulatorDeadline shows a case's regulator clock; it re-renders every half minute. Its explanation
 * is the browser's own tooltip (title): a list shows one per row, and a Mantine Tooltip per row adds
 * a floating element's hooks to every row of the list's first render.
 */
export function RegulatorDeadline({ c, size = 'md' }: RegulatorProps) {
  const now = useNow();
  const deadline = regulatorDeadline(c, now);
  const style = toneStyle[deadline.tone];
  const ToneIcon = style.icon;
  return (
    <Badge
      color={style.color}
      variant={style.variant}
      size={size}
      radius="sm"
      leftSection={<ToneIcon size={12} stroke={2} />}
      data-tone={deadline.tone}
      data-testid="regulator-deadline"
      style={{ textTransform: 'none' }}
      title={explanation(c, deadline.tone)}
    >
      {deadline.label}
    </Badge>
  );
}
