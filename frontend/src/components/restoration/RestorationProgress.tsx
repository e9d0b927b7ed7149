// The done/total progress bar of a restoration plan, in the suspension's highlight colour.
import { Group, Progress, Text } from '@mantine/core';

import { healthColor, progressLabel, progressPercent } from './health';
import type { Suspension } from './types';

type Input = Pick<Suspension, 'status' | 'plan_status' | 'milestones_done' | 'milestones_total'>;

export function RestorationProgress({ suspension, size = 'md' }: { suspension: Input; size?: 'sm' | 'md' | 'lg' }) {
  const { milestones_done: done, milestones_total: total } = suspension;
  const percent = progressPercent(done, total);
  const label = progressLabel(done, total);
  return (
    <div>
      <Group justify="space-between" gap="xs" mb={4}>
        <Text size="sm" fw={500}>
          {label}
        </Text>
        {total > 0 && (
          <Text size="sm" c="dimmed">
            {percent}%
          </Text>
        )}
      </Group>
      <Progress
        value={percent}
        size={size}
        radius="xl"
        color={healthColor(suspension)}
        aria-label={`Restoration progress: ${label}`}
      />
    </div>
  );
}
