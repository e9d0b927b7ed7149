// "Downtime by service": a horizontal bar per service, ongoing downtime in red after the
// finished downtime of restored suspensions in teal. Bars are on a log scale, so one outage of
// 659 days does not flatten the others, and every bar prints its exact value. Drawn in HTML
// rather than a scaled SVG, so its text keeps its size (13 px) on a 390 px phone, where the
// service name goes above its bar.
import { Box, Group, Text } from '@mantine/core';
import { useId } from 'react';

import { ServiceLink } from '../ServiceLink';
import { svgColor } from './DayAxis';
import { barLengths, type DowntimeBar, type Scale } from './downtime';
import { formatDuration } from './format';

function Legend({ scale }: { scale: Scale }) {
  const swatch = (c: string) => (
    <span
      aria-hidden
      style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 3, background: svgColor(c) }}
    />
  );
  return (
    <Group gap="md" mt="xs" wrap="wrap">
      <Group gap={6} wrap="nowrap">
        {swatch('red-6')}
        <Text size="xs" c="dimmed">
          Still down
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap">
        {swatch('teal-5')}
        <Text size="xs" c="dimmed">
          Restored (last 30 days)
        </Text>
      </Group>
      {scale === 'log' && (
        <Text size="xs" c="dimmed">
          Bars on a log scale, so long outages do not hide short ones; each figure is exact.
        </Text>
      )}
    </Group>
  );
}

export function DowntimeChart({ bars, scale = 'log' }: { bars: DowntimeBar[]; scale?: Scale }) {
  const summaryId = useId();
  if (bars.length === 0) return null;
  const max = Math.max(...bars.map((b) => b.totalSeconds));
  const summary = bars.map((b) => `${b.serviceName}: ${formatDuration(b.totalSeconds)}`).join('; ');
  return (
    <div>
      <Box
        component="ul"
        data-testid="downtime-chart"
        data-scale={scale}
        aria-describedby={summaryId}
        m={0}
        p={0}
        style={{ listStyle: 'none', display: 'flex', flexDirection: 'column', gap: 8 }}
      >
        {bars.map((bar) => {
          const { restored, ongoing } = barLengths(bar, max, 100, scale);
          const value = formatDuration(bar.totalSeconds);
          return (
            <Box
              component="li"
              key={bar.serviceId}
              data-service={bar.serviceName}
              aria-label={`${bar.serviceName}: ${value}`}
              style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 12, rowGap: 2 }}
            >
              <Text fz={13} style={{ flex: '0 0 13rem', minWidth: 0, overflowWrap: 'anywhere' }}>
                <ServiceLink serviceId={bar.serviceId} inherit>
                  {bar.serviceName}
                </ServiceLink>
              </Text>
              <Box style={{ flex: '1 1 12rem', display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
                <Box
                  aria-hidden
                  data-testid="downtime-track"
                  style={{
                    flex: 1,
                    display: 'flex',
                    height: 14,
                    borderRadius: 3,
                    background: svgColor('gray-1'),
                    overflow: 'hidden',
                  }}
                >
                  {restored > 0 && (
                    <span
                      data-part="restored"
                      style={{ width: `${restored}%`, minWidth: 2, background: svgColor('teal-5') }}
                    />
                  )}
                  {ongoing > 0 && (
                    <span
                      data-part="ongoing"
                      style={{ width: `${ongoing}%`, minWidth: 2, background: svgColor('red-6') }}
                    />
                  )}
                </Box>
                <Text fz={13} fw={600} style={{ whiteSpace: 'nowrap', minWidth: '4.5rem', textAlign: 'right' }}>
                  {value}
                </Text>
              </Box>
            </Box>
          );
        })}
      </Box>
      <Text id={summaryId} hidden>
        {`Downtime by service${scale === 'log' ? ', bars on a log scale' : ''}. ${summary}`}
      </Text>
      <Legend scale={scale} />
    </div>
  );
}
