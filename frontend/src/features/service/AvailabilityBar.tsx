// The 90-day availability bar as status pages draw it: one thin bar per UTC day, green when up,
// amber when partly down, red when down all day, each with a tooltip; the percentage beside it.
import { Box, Group, Stack, Text, Tooltip } from '@mantine/core';

import { dayLabel, dayStateInfo, formatPercent } from './figures';
import type { DayAvailability } from './types';

const cssColor = (c: string) => `var(--mantine-color-${c.replace('.', '-')})`;

export function AvailabilityBar({ days, percent }: { days: DayAvailability[]; percent: number }) {
  const down = days.filter((d) => d.state === 'down').length;
  const partial = days.filter((d) => d.state === 'partial').length;
  const summary = `${formatPercent(percent)} available over the last ${days.length} days: ${down} down all day, ${partial} partly down`;
  return (
    <Stack gap={6}>
      <Group justify="space-between" align="baseline" gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          Last {days.length} days
        </Text>
        <Text size="sm" data-testid="availability-percent">
          <Text span fw={700} size="lg">
            {formatPercent(percent)}
          </Text>{' '}
          available
        </Text>
      </Group>
      <Box
        role="list"
        aria-label={summary}
        data-testid="availability-bar"
        style={{ display: 'flex', gap: 2, height: 34, alignItems: 'stretch', minWidth: 0 }}
      >
        {days.map((d) => (
          <Tooltip
            key={d.date}
            label={dayLabel(d)}
            withArrow
            openDelay={50}
            events={{ hover: true, focus: true, touch: true }}
          >
            <Box
              role="listitem"
              tabIndex={0}
              aria-label={dayLabel(d)}
              data-state={d.state}
              data-date={d.date}
              style={{
                flex: '1 1 0',
                minWidth: 1,
                borderRadius: 2,
                background: cssColor(dayStateInfo[d.state].color),
              }}
            />
          </Tooltip>
        ))}
      </Box>
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          {days.length} days ago
        </Text>
        <Text size="xs" c="dimmed">
          Today (UTC)
        </Text>
      </Group>
      <Group gap="md" style={{ rowGap: 4 }} aria-hidden>
        {(['up', 'partial', 'down'] as const).map((state) => (
          <Group key={state} gap={6} wrap="nowrap">
            <span
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                borderRadius: 2,
                background: cssColor(dayStateInfo[state].color),
              }}
            />
            <Text size="xs" c="dimmed">
              {dayStateInfo[state].label}
            </Text>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}
