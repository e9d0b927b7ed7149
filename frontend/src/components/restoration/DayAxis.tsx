// The day axis of the restoration charts: a grid line and a date under each tick, the
// labels at the edges anchored inwards so they stay on the chart.
import { schemeColor } from '../schemeColor';
import { formatShortDate } from './format';
import { dayTicks } from './timeline';

/** svgColor is a palette colour for the charts that reads in light and dark (see schemeColor). */
export const svgColor = schemeColor;

/** truncate shortens s to n characters with an ellipsis, for labels beside a bar. */
export const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

interface Props {
  from: number;
  to: number;
  maxTicks: number;
  /** x maps a time to its horizontal position. */
  x: (t: number) => number;
  width: number;
  top: number;
  bottom: number;
  labelOffset: number;
  fontSize: number;
}

export function DayAxis({ from, to, maxTicks, x, width, top, bottom, labelOffset, fontSize }: Props) {
  return (
    <>
      {dayTicks(from, to, maxTicks).map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={top - 4} y2={bottom} style={{ stroke: svgColor('gray-2') }} />
          <text
            x={x(tick)}
            y={bottom + labelOffset}
            textAnchor={x(tick) < 30 ? 'start' : x(tick) > width - 30 ? 'end' : 'middle'}
            fontSize={fontSize}
            style={{ fill: svgColor('dimmed') }}
          >
            {formatShortDate(tick)}
          </text>
        </g>
      ))}
    </>
  );
}
