// The dashboard's timeline across services, drawn as a Gantt chart: each suspension a bar
// from when the service went down to its projection (or its restoration), coloured by plan
// status, with a tick at the baseline (the first promise), a diamond at the expected date and
// a line for today. Drawn at its real pixel width so text stays 12 px: on a phone each name
// goes above its bar and the chart fits the screen; wherever it cannot fit, it scrolls
// sideways instead of shrinking. A text version follows for screen readers and anyone who
// prefers words.
import { Box, Group, List, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useId, useState, type ReactNode } from 'react';

import { ServiceLink } from '../ServiceLink';
import { DayAxis, svgColor, truncate } from './DayAxis';
import { formatDate } from './format';
import { healthInfo } from './health';
import { servicesTimeline, type ServiceBar } from './servicesTimeline';
import { scaleTime } from './timeline';
import type { DashboardItem } from './types';

const MIN_WIDTH = 680;
const LABEL_W = 180;
const RIGHT_PAD = 16;
const TOP = 30;
const AXIS_H = 26;
const BAR_H = 14;
/**
 * Below this width (a phone) each service's name goes above its bar and the chart fits the
 * screen; below COMPACT_MIN_WIDTH it scrolls sideways rather than shrink its text.
 */
const COMPACT_BELOW = 560;
const COMPACT_MIN_WIDTH = 280;

const day = (t: number) => formatDate(new Date(t).toISOString());

/** barDescription says a bar in words, for its tooltip and the text version. */
export function barDescription(b: ServiceBar): string {
  const parts = [`down since ${day(b.start)}`];
  if (b.restored !== null) {
    parts.push(`restored ${day(b.restored)}`);
  } else {
    if (b.expected !== null) parts.push(`expected back ${day(b.expected)}`);
    else parts.push('no expected date');
    if (!b.openEnded && b.end !== b.expected) parts.push(`projected ${day(b.end)}`);
  }
  if (b.baseline !== null && b.baseline !== b.expected) parts.push(`first promised ${day(b.baseline)}`);
  parts.push(healthInfo[b.health].label.toLowerCase());
  return parts.join(', ');
}

function Legend() {
  const swatch = (c: string) => (
    <span
      aria-hidden
      style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 3, background: svgColor(c) }}
    />
  );
  const item = (icon: ReactNode, label: string) => (
    <Group gap={6} wrap="nowrap">
      {icon}
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
  return (
    <Group gap="md" mt="xs" wrap="wrap">
      {(['slipping', 'at_risk', 'no_plan', 'on_track', 'restored'] as const).map((h) => (
        <span key={h}>{item(swatch(`${healthInfo[h].color}-5`), healthInfo[h].label)}</span>
      ))}
      {item(
        <svg width={10} height={14} aria-hidden>
          <line x1={5} x2={5} y1={0} y2={14} style={{ stroke: svgColor('dark-7'), strokeWidth: 2 }} />
        </svg>,
        'First promise (baseline)',
      )}
      {item(
        <svg width={12} height={12} aria-hidden>
          <rect
            x={2}
            y={2}
            width={8}
            height={8}
            transform="rotate(45 6 6)"
            style={{ fill: svgColor('body'), stroke: svgColor('dark-7') }}
          />
        </svg>,
        'Expected date',
      )}
      {item(
        <svg width={10} height={14} aria-hidden>
          <line
            x1={5}
            x2={5}
            y1={0}
            y2={14}
            style={{ stroke: svgColor('indigo-7'), strokeWidth: 1.5, strokeDasharray: '3 2' }}
          />
        </svg>,
        'Today',
      )}
    </Group>
  );
}

export function ServicesTimeline({ items, now }: { items: DashboardItem[]; now: number }) {
  const titleId = useId();
  const { ref, width: size } = useElementSize<HTMLDivElement>();
  // The last width measured: a passing zero (the page re-laid out for a screenshot) keeps it.
  const [measured, setMeasured] = useState(0);
  if (size > 0 && size !== measured) setMeasured(size);
  const t = servicesTimeline(items, now);
  const compact = measured > 0 && measured < COMPACT_BELOW;
  const width = Math.max(Math.round(measured) || 760, compact ? COMPACT_MIN_WIDTH : MIN_WIDTH);
  const labelW = compact ? 8 : LABEL_W;
  const rowH = compact ? 44 : 32;
  const x = scaleTime(t.from, t.to, labelW, width - RIGHT_PAD);
  const todayX = x(t.today);

  if (t.bars.length === 0) return null;
  const bottom = TOP + t.bars.length * rowH;
  const height = bottom + AXIS_H;

  return (
    <div>
      <Box
        ref={ref}
        style={{ overflowX: 'auto' }}
        tabIndex={0}
        role="region"
        aria-label="Timeline across services (scrolls sideways on a narrow screen)"
      >
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          style={{ display: 'block', fontFamily: 'inherit' }}
          role="img"
          aria-labelledby={titleId}
          data-testid="services-timeline"
        >
          <title id={titleId}>
            {`Timeline across services, ${day(t.from)} to ${day(t.to)}. ` +
              t.bars.map((b) => `${b.serviceName}: ${barDescription(b)}`).join('; ')}
          </title>

          <DayAxis
            from={t.from}
            to={t.to}
            maxTicks={Math.max(3, Math.floor((width - labelW) / 90))}
            x={x}
            width={width}
            top={TOP}
            bottom={bottom}
            labelOffset={17}
            fontSize={12}
          />

          {t.bars.map((b, i) => {
            const y = TOP + i * rowH;
            // Compact: the name on the row's first line, the bar below it.
            const mid = compact ? y + 29 : y + rowH / 2;
            const hue = healthInfo[b.health].color;
            const x0 = x(b.start);
            const x1 = x(b.end);
            const cutLeft = b.start < t.from;
            const cutRight = b.end > t.to;
            return (
              <g key={b.id} data-service={b.serviceName} data-health={b.health}>
                <title>{`${b.serviceName}: ${barDescription(b)}`}</title>
                {i % 2 === 0 && <rect x={0} y={y} width={width} height={rowH} style={{ fill: svgColor('gray-0') }} />}
                <text x={8} y={compact ? y + 14 : mid + 4} fontSize={12} style={{ fill: svgColor('text') }}>
                  {truncate(b.serviceName, compact ? Math.floor((width - 16) / 6.5) : 24)}
                </text>
                <rect
                  x={x0}
                  y={mid - BAR_H / 2}
                  width={Math.max(x1 - x0, 3)}
                  height={BAR_H}
                  rx={3}
                  data-part="bar"
                  style={{
                    fill: svgColor(b.openEnded ? `${hue}-1` : `${hue}-5`),
                    stroke: svgColor(`${hue}-7`),
                    strokeWidth: 1.2,
                    strokeDasharray: b.openEnded ? '4 3' : undefined,
                  }}
                />
                {cutLeft && (
                  <path
                    d={`M ${x0 + 2} ${mid} l 7 -6 v 12 z`}
                    style={{ fill: svgColor(`${hue}-9`) }}
                    data-part="cut-left"
                  />
                )}
                {cutRight && (
                  <path
                    d={`M ${x1 - 2} ${mid} l -7 -6 v 12 z`}
                    style={{ fill: svgColor(`${hue}-9`) }}
                    data-part="cut-right"
                  />
                )}
                {b.openEnded && (
                  <text x={x1 + 6} y={mid + 4} fontSize={12} fontStyle="italic" style={{ fill: svgColor('dimmed') }}>
                    no date
                  </text>
                )}
                {b.baseline !== null && b.baseline >= t.from && b.baseline <= t.to && (
                  <line
                    x1={x(b.baseline)}
                    x2={x(b.baseline)}
                    y1={mid - BAR_H / 2 - 4}
                    y2={mid + BAR_H / 2 + 4}
                    data-part="baseline"
                    style={{ stroke: svgColor('dark-7'), strokeWidth: 2 }}
                  />
                )}
                {b.restored === null && b.expected !== null && b.expected >= t.from && b.expected <= t.to && (
                  <rect
                    x={x(b.expected) - 4}
                    y={mid - 4}
                    width={8}
                    height={8}
                    transform={`rotate(45 ${x(b.expected)} ${mid})`}
                    data-part="expected"
                    style={{ fill: svgColor('body'), stroke: svgColor('dark-7'), strokeWidth: 1.2 }}
                  />
                )}
              </g>
            );
          })}

          <g data-marker="today">
            <line
              x1={todayX}
              x2={todayX}
              y1={TOP - 8}
              y2={bottom}
              style={{ stroke: svgColor('indigo-7'), strokeWidth: 1.5, strokeDasharray: '4 3' }}
            />
            <text
              x={todayX}
              y={TOP - 12}
              textAnchor={todayX > width - 50 ? 'end' : 'middle'}
              fontSize={12}
              fontWeight={600}
              style={{ fill: svgColor('indigo-7') }}
            >
              Today
            </text>
          </g>
        </svg>
      </Box>
      <Legend />
      <Box component="details" mt="xs">
        <Text component="summary" size="sm" c="dimmed" style={{ cursor: 'pointer' }}>
          The timeline in words
        </Text>
        <List size="sm" mt={4} spacing={2} data-testid="services-timeline-text">
          {t.bars.map((b) => (
            <List.Item key={b.id}>
              <ServiceLink serviceId={b.serviceId} size="sm">
                {b.serviceName}
              </ServiceLink>
              : {barDescription(b)}
            </List.Item>
          ))}
        </List>
      </Box>
    </div>
  );
}
