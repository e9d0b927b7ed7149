// The audit events, newest first; a row opens to its changed fields (old → new) and its chain links.
import { ActionIcon, Anchor, Badge, Code, Group, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconFilter } from '@tabler/icons-react';
import { Fragment, useState, type ReactNode } from 'react';
import { Link } from 'react-router';

import type { AuditEvent } from '../../api/types';
import { ChangeList } from '../../components/ChangeList';
import { formatDateTime } from '../../components/dates';
import { ResponsiveTable } from '../../components/ResponsiveTable';

function actionColor(action: string): string {
  if (action.endsWith('_failed') || action.endsWith('_reused') || action.endsWith('.disable')) return 'red';
  if (action.startsWith('auth.')) return 'gray';
  if (action.startsWith('case.') || action.startsWith('note.')) return 'indigo';
  if (action.startsWith('suspension.') || action.startsWith('milestone.')) return 'orange';
  return 'grape';
}

/** What each entity type is called on the page. */
const entityTypeLabels: Record<string, string> = {
  case: 'Case',
  note: 'Note',
  user: 'User',
  session: 'Sign-in',
  department: 'Department',
  service: 'Service',
  suspension: 'Suspension',
  suspension_update: 'Stakeholder update',
  milestone: 'Milestone',
  evidence: 'Evidence',
  custody: 'Custody',
  audit: 'Audit log',
};

export const entityTypeLabel = (type: string) => entityTypeLabels[type] ?? type.replace(/_/g, ' ');

/**
 * Entity names what an event is about ("INC-2026-0007", "Disk image of FS01", "Payroll"), linked
 * to its case where it has one, with its type and case beneath.
 */
function Entity({ event }: { event: AuditEvent }) {
  const type = entityTypeLabel(event.entity_type);
  const name = event.entity_name ?? type;
  const context = [
    event.entity_name ? type : null,
    event.case_reference && event.case_reference !== event.entity_name ? event.case_reference : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Stack gap={0} data-testid="audit-entity">
      {event.case_id ? (
        <Anchor component={Link} to={`/cases/${event.case_id}`} size="sm" onClick={(ev) => ev.stopPropagation()}>
          {name}
        </Anchor>
      ) : (
        <Text size="sm">{name}</Text>
      )}
      {context ? (
        <Text size="xs" c="dimmed">
          {context}
        </Text>
      ) : null}
    </Stack>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Stack>
  );
}

function EventDetails({ event }: { event: AuditEvent }) {
  return (
    <Stack gap="md" p="md" bg="var(--cw-surface)" style={{ borderRadius: 8 }}>
      <ChangeList changes={event.changes} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        <Detail label="Entity id">{event.entity_id ? <Code>{event.entity_id}</Code> : '—'}</Detail>
        <Detail label="Request id">{event.request_id ? <Code>{event.request_id}</Code> : '—'}</Detail>
        <Detail label="Client address">{event.ip ?? '—'}</Detail>
        <Detail label="Case">
          {event.case_id ? (
            <Anchor component={Link} to={`/cases/${event.case_id}`} size="sm">
              {event.case_reference ?? 'Open the case'}
            </Anchor>
          ) : (
            '—'
          )}
        </Detail>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Detail label="Previous hash">
          <Code fz="xs">{event.prev_hash}</Code>
        </Detail>
        <Detail label="Hash">
          <Code fz="xs">{event.hash}</Code>
        </Detail>
      </SimpleGrid>
    </Stack>
  );
}

export function AuditTable({ events, onActor }: { events: AuditEvent[]; onActor: (id: string) => void }) {
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  const toggle = (seq: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  return (
    <ResponsiveTable minWidth={820} verticalSpacing="xs" aria-label="Audit events" highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={36} />
          <Table.Th w={70}>Seq</Table.Th>
          <Table.Th w={190}>Time</Table.Th>
          <Table.Th>Actor</Table.Th>
          <Table.Th>Action</Table.Th>
          <Table.Th>Entity</Table.Th>
          <Table.Th w={110}>Changes</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {events.map((e) => {
          const expanded = open.has(e.seq);
          const fields = Object.keys(e.changes).length;
          return (
            <Fragment key={e.seq}>
              <Table.Tr onClick={() => toggle(e.seq)} style={{ cursor: 'pointer' }} data-testid="audit-row">
                <Table.Td data-corner>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    aria-expanded={expanded}
                    aria-label={`${expanded ? 'Hide' : 'Show'} the details of event ${e.seq}`}
                    onClick={(ev) => {
                      ev.stopPropagation();
                      toggle(e.seq);
                    }}
                  >
                    {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                  </ActionIcon>
                </Table.Td>
                <Table.Td data-label="Seq">
                  <Text size="sm" ff="monospace" c="dimmed">
                    {e.seq}
                  </Text>
                </Table.Td>
                <Table.Td data-label="Time">
                  <Text size="sm">{formatDateTime(e.occurred_at)}</Text>
                </Table.Td>
                <Table.Td data-label="Actor">
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm" truncate="end" maw={240}>
                      {e.actor_email ?? (
                        <Text span c="dimmed" size="sm">
                          system
                        </Text>
                      )}
                    </Text>
                    {e.actor_id ? (
                      <Tooltip label="Only this actor's events" withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="xs"
                          aria-label={`Only events by ${e.actor_email ?? e.actor_id}`}
                          onClick={(ev) => {
                            ev.stopPropagation();
                            onActor(e.actor_id as string);
                          }}
                        >
                          <IconFilter size={12} />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td data-label="Action">
                  <Badge variant="light" color={actionColor(e.action)} radius="sm" tt="none" ff="monospace" maw="100%">
                    {e.action}
                  </Badge>
                </Table.Td>
                <Table.Td data-label="Entity">
                  <Entity event={e} />
                </Table.Td>
                <Table.Td data-label="Changes">
                  <Text size="xs" c="dimmed">
                    {fields === 0 ? '—' : fields === 1 ? '1 field' : `${fields} fields`}
                  </Text>
                </Table.Td>
              </Table.Tr>
              {expanded ? (
                <Table.Tr>
                  <Table.Td colSpan={7} p="xs" style={{ borderTop: 0 }}>
                    <EventDetails event={e} />
                  </Table.Td>
                </Table.Tr>
              ) : null}
            </Fragment>
          );
        })}
      </Table.Tbody>
    </ResponsiveTable>
  );
}
