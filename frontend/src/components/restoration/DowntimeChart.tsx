// "Downtime by service": a horizontal SVG bar per service, ongoing downtime in red
// after the finished downtime of restored suspensions in teal.
import { Group, Text } from '@mantine/core';
import { useId } from 'react';

import { barLengths, type DowntimeBar } from './downtime';
import { formatDuration } from './format';

const WIDTH = 760;
const LABEL_W = 200;
const VALUE_W = 90;
const ROW_H = 30;
const BAR_H = 16;

const color = (name: string) => `var(--mantine-color-${name})`;
const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function Legend() {
  const swatch = (c: string) => (
    <span aria-hidden style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 3, background: color(c) }} />
  );
  return (
    <Group gap="md">
      <Group gap={6}>
        {swatch('red-6')}
        <Text size="xs" c="dimmed">
          Still down
        </Text>
      </Group>
      <Group gap={6}>
        {swatch('teal-5')}
        <Text size="xs" c="dimmed">
          Restored (last 30 days)
        </Text>
      </Group>
    </Group>
  );
}

export function DowntimeChart({ bars }: { bars: DowntimeBar[] }) {
  const titleId = useId();
  if (bars.length === 0) return null;
  const max = Math.max(...bars.map((b) => b.totalSeconds));
  const track = WIDTH - LABEL_W - VALUE_W;
  const height = bars.length * ROW_H + 8;
  const summary = bars.map((b) => `${b.serviceName}: ${formatDuration(b.totalSeconds)}`).join('; ');
  return (
    <div>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ display: 'block', maxHeight: height * 1.4 }}
        role="img"
        aria-labelledby={titleId}
        data-testid="downtime-chart"
      >
        <title id={titleId}>{`Downtime by service. ${summary}`}</title>
        {bars.map((bar, i) => {
          const y = 4 + i * ROW_H;
          const { restored, ongoing } = barLengths(bar, max, track);
          return (
            <g key={bar.serviceId} data-service={bar.serviceName}>
              <text x={0} y={y + ROW_H / 2 + 4} fontSize={12} style={{ fill: color('text') }}>
                <title>{bar.serviceName}</title>
                {truncate(bar.serviceName, 30)}
              </text>
              <rect x={LABEL_W} y={y + (ROW_H - BAR_H) / 2} width={track} height={BAR_H} rx={3} style={{ fill: color('gray-1') }} />
              {restored > 0 && (
                <rect
                  x={LABEL_W}
                  y={y + (ROW_H - BAR_H) / 2}
                  width={Math.max(restored, 2)}
                  height={BAR_H}
                  rx={3}
                  style={{ fill: color('teal-5') }}
                />
              )}
              {ongoing > 0 && (
                <rect
                  x={LABEL_W + restored}
                  y={y + (ROW_H - BAR_H) / 2}
                  width={Math.max(ongoing, 2)}
                  height={BAR_H}
                  rx={3}
                  style={{ fill: color('red-6') }}
                />
              )}
              <text x={WIDTH - VALUE_W + 8} y={y + ROW_H / 2 + 4} fontSize={12} fontWeight={600} style={{ fill: color('text') }}>
                {formatDuration(bar.totalSeconds)}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend />
    </div>
  );
}
