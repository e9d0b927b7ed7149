// The chain of custody as a vertical timeline, oldest first: who did what with the item, between
// which parties, where, why, and when (in the recorder's time zone and in UTC).
import { Badge, Group, Stack, Text, Timeline } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowsExchange,
  IconEye,
  IconFileExport,
  IconMicroscope,
  IconPackageImport,
  IconShieldCheck,
  IconShieldX,
  IconTrash,
  type Icon,
} from '@tabler/icons-react';

import { actionInfo } from './labels';
import type { CustodyAction, CustodyEvent } from './types';
import { formatInZone, formatUtc, isUtcZone } from './zones';

const icons: Record<CustodyAction, Icon> = {
  collected: IconPackageImport,
  transferred: IconArrowsExchange,
  accessed: IconEye,
  analysed: IconMicroscope,
  verified: IconShieldCheck,
  exported: IconFileExport,
  returned: IconArrowBackUp,
  disposed: IconTrash,
  integrity_failure: IconShieldX,
};

/**
 * isFailedVerification: Caseward notes a failed check as "MISMATCH: …", and records a download
 * that found the file missing or altered as an integrity failure.
 */
export const isFailedVerification = (e: CustodyEvent): boolean =>
  e.action === 'integrity_failure' || (e.action === 'verified' && /^MISMATCH/i.test(e.note));

function Line({ label, children }: { label: string; children: string }) {
  if (!children) return null;
  return (
    <Text size="sm">
      <Text span c="dimmed" size="sm">
        {label}:{' '}
      </Text>
      {children}
    </Text>
  );
}

function EventBody({ event, actor }: { event: CustodyEvent; actor: string }) {
  const failed = isFailedVerification(event);
  return (
    <Stack gap={2} data-testid="custody-event" data-action={event.action}>
      <Text size="sm">
        <Text span c="dimmed" size="sm">
          Recorded by{' '}
        </Text>
        {actor}
      </Text>
      {event.from_party || event.to_party ? (
        <Text size="sm" data-testid="custody-parties">
          {event.from_party || '—'} → {event.to_party || '—'}
        </Text>
      ) : null}
      <Line label="Location">{event.location}</Line>
      <Line label="Purpose">{event.purpose}</Line>
      <Text size="sm" data-testid="custody-time">
        {formatInZone(event.occurred_at, event.time_zone)}
      </Text>
      {isUtcZone(event.time_zone) ? null : (
        <Text size="xs" c="dimmed">
          {formatUtc(event.occurred_at)}
        </Text>
      )}
      {event.note ? (
        <Text
          size="sm"
          c={failed ? 'red' : undefined}
          fw={failed ? 600 : undefined}
          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
        >
          {event.note}
        </Text>
      ) : null}
    </Stack>
  );
}

interface Props {
  events: CustodyEvent[];
  personName: (id: string) => string;
}

export function CustodyTimeline({ events, personName }: Props) {
  return (
    <Timeline active={events.length - 1} bulletSize={26} lineWidth={2} aria-label="Chain of custody">
      {events.map((e) => {
        const failed = isFailedVerification(e);
        const ActionIcon = failed ? IconShieldX : icons[e.action];
        const color = failed ? 'red' : actionInfo[e.action].color;
        return (
          <Timeline.Item
            key={e.id}
            color={color}
            bullet={<ActionIcon size={14} />}
            title={
              <Group gap="xs">
                <Badge color={color} variant={failed ? 'filled' : 'light'} radius="sm">
                  {failed ? 'Verification failed' : actionInfo[e.action].label}
                </Badge>
              </Group>
            }
          >
            <EventBody event={e} actor={personName(e.actor_id)} />
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
