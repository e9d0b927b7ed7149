// A Gantt-style SVG chart of a restoration plan: one bar per milestone against the
// suspension, the expected and projected restoration dates, and today. Drawn at its real
// pixel width so its text keeps its size; on a phone each step's title goes above its bar
// and the chart fits the screen instead of being cut.
import { Box, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useId, useState } from 'react';

import { DayAxis, svgColor, truncate } from './DayAxis';
import { formatDate } from './format';
import { milestoneStatusInfo } from './health';
import { buildTimeline, scaleTime, type TimelineRow } from './timeline';
import type { Suspension } from './types';

const WIDTH = 760;
const LABEL_W = 190;
const RIGHT_PAD = 16;
const TOP = 34;
const ROW_H = 28;
const AXIS_H = 24;
const BAR_H = 14;
/** Below this width (a phone) titles go above their bars (COMPACT_ROW_H rows) and the chart fits. */
const COMPACT_BELOW = 520;
const COMPACT_ROW_H = 42;
const MIN_WIDTH = 280;

function barStyle(row: TimelineRow): { fill: string; stroke: string } {
  if (row.status === 'done') return { fill: svgColor('teal-6'), stroke: svgColor('teal-7') };
  if (row.status === 'blocked') return { fill: svgColor('red-1'), stroke: svgColor('red-7') };
  if (row.overdue) return { fill: svgColor('orange-1'), stroke: svgColor('orange-7') };
  if (row.status === 'in_progress') return { fill: svgColor('blue-1'), stroke: svgColor('blue-7') };
  return { fill: svgColor('gray-1'), stroke: svgColor('gray-6') };
}

interface Marker {
  key: string;
  label: string;
  at: number;
  stroke: string;
  dash?: string;
}

type Anchor = 'start' | 'middle' | 'end';

/** anchorFor keeps a marker's label inside the chart near its edges. */
function anchorFor(x: number, width = WIDTH, labelW = LABEL_W): Anchor {
  if (x > width - 60) return 'end';
  if (x < labelW + 30) return 'start';
  return 'middle';
}

/** placeLabels puts marker labels (sorted by x) in the first of two lanes where they do not overlap. */
export function placeLabels(
  labels: { x: number; text: string }[],
  charWidth = 6.5,
  gap = 6,
  width = WIDTH,
  labelW = LABEL_W,
): number[] {
  const laneEnds = [-Infinity, -Infinity];
  return labels.map(({ x, text }) => {
    const w = text.length * charWidth;
    const anchor = anchorFor(x, width, labelW);
    const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
    const lane = left >= (laneEnds[0] ?? -Infinity) + gap ? 0 : 1;
    laneEnds[lane] = Math.max(laneEnds[lane] ?? -Infinity, left + w);
    return lane;
  });
}

export function MilestoneTimeline({ suspension, now: given }: { suspension: Suspension; now?: number }) {
  // Without a given time, the time of first render: reading the clock on every render is impure.
  const [mountedAt] = useState(Date.now);
  const now = given ?? mountedAt;
  const titleId = useId();
  const { ref, width: size } = useElementSize<HTMLDivElement>();
  // The last width measured: a passing zero (the page re-laid out for a screenshot) keeps it.
  const [measured, setMeasured] = useState(0);
  if (size > 0 && size !== measured) setMeasured(size);
  const compact = measured > 0 && measured < COMPACT_BELOW;
  const width = compact ? Math.max(Math.round(measured), MIN_WIDTH) : WIDTH;
  const labelW = compact ? 8 : LABEL_W;
  const rowH = compact ? COMPACT_ROW_H : ROW_H;
  if (suspension.milestones.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No milestones yet: the chart appears once the plan has steps.
      </Text>
    );
  }
  const t = buildTimeline(suspension, now);
  const height = TOP + t.rows.length * rowH + AXIS_H;
  const x = scaleTime(t.from, t.to, labelW, width - RIGHT_PAD);
  const bottom = TOP + t.rows.length * rowH;

  const markers: Marker[] = [{ key: 'today', label: 'Today', at: t.today, stroke: svgColor('indigo-7'), dash: '4 3' }];
  if (suspension.status === 'restored' && t.restored !== null) {
    markers.push({ key: 'restored', label: 'Restored', at: t.restored, stroke: svgColor('teal-7') });
  }
  if (t.expected !== null)
    markers.push({ key: 'expected', label: 'Expected', at: t.expected, stroke: svgColor('dark-4') });
  if (suspension.status === 'active' && t.projected !== null && t.projected !== t.expected) {
    markers.push({
      key: 'projected',
      label: 'Projected',
      at: t.projected,
      stroke: suspension.slipping ? svgColor('red-7') : svgColor('gray-6'),
      dash: '2 2',
    });
  }
  markers.sort((a, b) => a.at - b.at);
  const lanes = placeLabels(
    markers.map((m) => ({ x: x(m.at), text: m.label })),
    6.5,
    6,
    width,
    labelW,
  );

  const summary =
    `Restoration plan from ${formatDate(suspension.suspended_at)}: ` +
    t.rows
      .map(
        (r) =>
          `${r.title} (${milestoneStatusInfo[r.status].label.toLowerCase()}, due ${r.end ? formatDate(new Date(r.end).toISOString()) : 'no date'})`,
      )
      .join('; ') +
    (t.expected !== null ? `. Expected back ${formatDate(suspension.expected_restoration_at)}.` : '.');

  return (
    <Box ref={ref} style={{ overflowX: 'auto' }}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={compact ? width : '100%'}
        style={{ minWidth: compact ? undefined : 520, display: 'block', fontFamily: 'inherit' }}
        role="img"
        aria-labelledby={titleId}
        data-testid="milestone-timeline"
      >
        <title id={titleId}>{summary}</title>

        <DayAxis
          from={t.from}
          to={t.to}
          maxTicks={compact ? 3 : 7}
          x={x}
          width={width}
          top={TOP}
          bottom={bottom}
          labelOffset={16}
          fontSize={11}
        />

        {t.rows.map((row, i) => {
          const y = TOP + i * rowH;
          // Compact: the title on the row's first line, the bar below it.
          const barY = compact ? y + 20 : y + (ROW_H - BAR_H) / 2;
          const mid = barY + BAR_H / 2;
          const style = barStyle(row);
          const x0 = x(row.start);
          return (
            <g key={row.id} data-status={row.status} data-overdue={row.overdue || undefined}>
              {i % 2 === 0 && <rect x={0} y={y} width={width} height={rowH} style={{ fill: svgColor('gray-0') }} />}
              <text x={8} y={compact ? y + 14 : y + ROW_H / 2 + 4} fontSize={12} style={{ fill: svgColor('text') }}>
                <title>{row.title}</title>
                {truncate(row.title, compact ? Math.floor((width - 16) / 6.5) : 28)}
              </text>
              {row.end === null ? (
                <text x={x0 + 4} y={mid + 4} fontSize={11} fontStyle="italic" style={{ fill: svgColor('dimmed') }}>
                  no due date
                </text>
              ) : (
                <rect
                  x={x0}
                  y={barY}
                  width={Math.max(x(row.end) - x0, 3)}
                  height={BAR_H}
                  rx={3}
                  style={{ fill: style.fill, stroke: style.stroke, strokeWidth: 1.2 }}
                />
              )}
              {row.completedAt !== null && (
                <circle cx={x(row.completedAt)} cy={mid} r={3.5} style={{ fill: svgColor('teal-9') }}>
                  <title>Completed {formatDate(new Date(row.completedAt).toISOString())}</title>
                </circle>
              )}
            </g>
          );
        })}

        {markers.map((m, i) => {
          const mx = x(m.at);
          const lane = lanes[i] ?? 0;
          const anchor = anchorFor(mx, width, labelW);
          return (
            <g key={m.key} data-marker={m.key}>
              <line
                x1={mx}
                x2={mx}
                y1={TOP - 6 - lane * 12}
                y2={bottom}
                style={{ stroke: m.stroke, strokeWidth: 1.5, strokeDasharray: m.dash }}
              />
              <text
                x={mx}
                y={TOP - 10 - lane * 12}
                textAnchor={anchor}
                fontSize={11}
                fontWeight={600}
                style={{ fill: m.stroke }}
              >
                {m.label}
              </text>
            </g>
          );
        })}
      </svg>
    </Box>
  );
}
