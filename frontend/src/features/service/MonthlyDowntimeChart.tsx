// Downtime per month: one row per UTC month with its bar and its value printed. A month far
// longer than the rest is capped (drawn full, with a break) so that the others stay readable.
import { Box, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import { formatDuration } from '../../components/restoration/format';
import { formatMonth, monthBars } from './figures';
import type { MonthDowntime } from './types';

/** How many of the latest months show before "Show all". */
export const RECENT_MONTHS = 24;

export function MonthlyDowntimeChart({ months }: { months: MonthDowntime[] }) {
  const [all, setAll] = useState(false);
  const bars = monthBars(months);
  const shown = all ? bars : bars.slice(-RECENT_MONTHS);
  const anyCapped = shown.some((b) => b.capped);
  return (
    <Stack gap={6}>
      <Box role="list" aria-label="Downtime per month" data-testid="monthly-downtime">
        {shown.map((b) => (
          <Group
            key={b.month}
            role="listitem"
            aria-label={`${formatMonth(b.month)}: ${b.seconds > 0 ? formatDuration(b.seconds) : 'no downtime'}`}
            data-month={b.month}
            data-capped={b.capped || undefined}
            gap="xs"
            wrap="nowrap"
            py={3}
          >
            <Text size="xs" w={64} style={{ flex: 'none' }} c="dimmed">
              {formatMonth(b.month)}
            </Text>
            <Box style={{ flex: 1, minWidth: 0, height: 14, background: 'var(--cw-track)', borderRadius: 3 }}>
              {b.seconds > 0 && (
                <Box
                  style={{
                    width: `${Math.max(b.fraction * 100, 1.5)}%`,
                    height: '100%',
                    borderRadius: 3,
                    background: b.capped
                      ? 'repeating-linear-gradient(135deg, var(--mantine-color-red-7) 0 6px, var(--mantine-color-red-4) 6px 9px)'
                      : 'var(--mantine-color-red-6)',
                  }}
                />
              )}
            </Box>
            <Text
              size="xs"
              fw={b.seconds > 0 ? 600 : 400}
              c={b.seconds > 0 ? undefined : 'dimmed'}
              w={76}
              ta="right"
              style={{ flex: 'none' }}
            >
              {b.seconds > 0 ? formatDuration(b.seconds) : '—'}
            </Text>
          </Group>
        ))}
      </Box>
      {anyCapped && (
        <Text size="xs" c="dimmed">
          Striped bars are longer than the scale: their value is printed beside them.
        </Text>
      )}
      {bars.length > RECENT_MONTHS && (
        <div>
          <Button size="compact-xs" variant="subtle" onClick={() => setAll((v) => !v)}>
            {all ? `Show the last ${RECENT_MONTHS} months` : `Show all ${bars.length} months`}
          </Button>
        </div>
      )}
    </Stack>
  );
}
