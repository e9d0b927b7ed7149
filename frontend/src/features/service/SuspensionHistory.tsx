// The service's suspensions, newest first: each with its case, its dates, baseline against the
// actual (or projected) restoration drawn on one bar, and its downtime.
import { Anchor, Badge, Box, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';

import { formatDate, formatDuration } from '../../components/restoration/format';
import { healthInfo, suspensionHealth } from '../../components/restoration/health';
import { suspensionSpan } from './suspensionSpan';
import type { ServiceSuspension } from './types';

function SpanBar({ s, now }: { s: ServiceSuspension; now: number }) {
  const span = suspensionSpan(s, now);
  if (s.status === 'cancelled') return null;
  const downColor = s.status === 'active' ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-teal-6)';
  return (
    <Box
      aria-hidden
      data-testid="suspension-span"
      style={{
        position: 'relative',
        height: 10,
        borderRadius: 3,
        background: 'var(--cw-track)',
        marginTop: 4,
      }}
    >
      <Box
        style={{
          position: 'absolute',
          left: 0,
          top: 0,
          bottom: 0,
          width: `${span.down * 100}%`,
          borderRadius: 3,
          background: downColor,
        }}
      />
      {span.projected !== null && (
        <Box
          style={{
            position: 'absolute',
            left: `${span.down * 100}%`,
            top: 0,
            bottom: 0,
            width: `${(span.projected - span.down) * 100}%`,
            borderRadius: 3,
            background: 'repeating-linear-gradient(135deg, var(--mantine-color-red-3) 0 4px, transparent 4px 7px)',
          }}
        />
      )}
      {span.baseline !== null && (
        <Box
          style={{
            position: 'absolute',
            left: `calc(${span.baseline * 100}% - 1px)`,
            top: -3,
            bottom: -3,
            width: 2,
            background: 'var(--cw-marker)',
          }}
        />
      )}
    </Box>
  );
}

function Dates({ s }: { s: ServiceSuspension }) {
  const parts: { label: string; value: string; tone?: string }[] = [
    { label: 'Suspended', value: formatDate(s.suspended_at) },
  ];
  if (s.baseline_restoration_at) parts.push({ label: 'Promised', value: formatDate(s.baseline_restoration_at) });
  if (s.status === 'restored') {
    parts.push({
      label: 'Restored',
      value: formatDate(s.restored_at),
      tone: s.slip_seconds > 0 ? 'var(--cw-text-warning)' : undefined,
    });
  } else if (s.status === 'active') {
    if (s.expected_restoration_at && s.replan_count > 0) {
      parts.push({ label: `Now expected (moved ${s.replan_count}×)`, value: formatDate(s.expected_restoration_at) });
    }
    parts.push({
      label: 'Projected',
      value: formatDate(s.projected_restoration_at, 'no date'),
      tone: s.slip_seconds > 0 ? 'var(--cw-text-warning)' : undefined,
    });
  }
  return (
    <Group gap="md" style={{ rowGap: 2 }}>
      {parts.map((p) => (
        <Text key={p.label} size="xs" c={p.tone ?? 'dimmed'}>
          {p.label}{' '}
          <Text span size="xs" fw={600} c={p.tone}>
            {p.value}
          </Text>
        </Text>
      ))}
    </Group>
  );
}

function SuspensionRow({ s, now }: { s: ServiceSuspension; now: number }) {
  const health = suspensionHealth(s);
  const info = healthInfo[health];
  const slip = s.slip_seconds > 0 ? `${formatDuration(s.slip_seconds)} after the promise` : null;
  return (
    <Paper withBorder radius="md" p="sm" component="li" data-suspension={s.id} style={{ listStyle: 'none' }}>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to={`/cases/${s.case_id}`} fw={600} size="sm">
              {s.case_reference}
            </Anchor>
            <Badge color={info.color} variant="light" radius="sm" data-plan-status={health}>
              {s.status === 'active' ? `Down · ${info.label}` : info.label}
            </Badge>
          </Group>
          <Text size="sm" fw={600} data-testid="suspension-downtime">
            {s.status === 'cancelled'
              ? 'No downtime (withdrawn)'
              : `${formatDuration(s.downtime_seconds)}${s.status === 'active' ? ' so far' : ''}`}
          </Text>
        </Group>
        <Dates s={s} />
        {slip && (
          <Text size="xs" c="var(--cw-text-warning)">
            {s.status === 'active' ? `Projected ${slip}` : `Back ${slip}`}
          </Text>
        )}
        <Tooltip
          label="Bar: downtime; stripes: the projection still ahead; the dark mark: the first promise"
          withArrow
          multiline
          w={260}
        >
          <div>
            <SpanBar s={s} now={now} />
          </div>
        </Tooltip>
      </Stack>
    </Paper>
  );
}

export function SuspensionHistory({ items, now }: { items: ServiceSuspension[]; now: number }) {
  return (
    <Stack component="ul" gap="xs" p={0} m={0} aria-label="Suspensions">
      {items.map((s) => (
        <SuspensionRow key={s.id} s={s} now={now} />
      ))}
    </Stack>
  );
}
