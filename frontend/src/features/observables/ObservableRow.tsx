// One row of a case's observables: the type and the value as text (with its source and description), the TLP
// and PAP labels, the IOC mark and the tags, how many other cases hold it (a link to the search across cases),
// and for those who may, the edit and remove buttons.
import { ActionIcon, Anchor, Badge, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';

import { searchPath, sightingsLabel } from './forms';
import { typeLabel } from './labels';
import { IocBadge, PapBadge, TlpBadge } from './Markings';
import { ObservableValue } from './ObservableValue';
import type { Observable } from './types';

/** Sightings links to the search across cases when the value is held elsewhere. */
function Sightings({ o }: { o: Pick<Observable, 'value' | 'sightings'> }) {
  if (o.sightings === 0) {
    return (
      <Text size="xs" c="dimmed">
        {sightingsLabel(0)}
      </Text>
    );
  }
  return (
    <Anchor component={Link} to={searchPath(o.value)} size="sm" data-testid="sightings">
      {sightingsLabel(o.sightings)}
    </Anchor>
  );
}

export function ObservableRow({
  o,
  onEdit,
  onRemove,
}: {
  o: Observable;
  /** Given to those who may change it. */
  onEdit?: () => void;
  onRemove?: () => void;
}) {
  return (
    <Table.Tr data-testid="observable-row">
      <Table.Td data-label="Observable">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="xs" fw={600} c="dimmed" data-testid="observable-type">
            {typeLabel[o.type]}
          </Text>
          <ObservableValue value={o.value} />
          {o.source ? (
            <Text size="xs" c="dimmed" dir="auto" lineClamp={1} style={{ overflowWrap: 'anywhere' }}>
              Source: <bdi>{o.source}</bdi>
            </Text>
          ) : null}
          {o.description ? (
            <Text size="xs" c="dimmed" dir="auto" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              {o.description}
            </Text>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td data-label="Marks">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap={4} wrap="wrap">
            <TlpBadge tlp={o.tlp} />
            <PapBadge pap={o.pap} />
            {o.ioc ? <IocBadge /> : null}
          </Group>
          {o.tags.length ? (
            <Group gap={4} wrap="wrap" aria-label="Tags" role="list" style={{ minWidth: 0 }}>
              {o.tags.map((t) => (
                <Badge
                  key={t}
                  role="listitem"
                  variant="outline"
                  color="gray"
                  radius="sm"
                  tt="none"
                  dir="auto"
                  title={t}
                  style={{ minWidth: 0, maxWidth: '100%' }}
                >
                  {t}
                </Badge>
              ))}
            </Group>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td data-label="Elsewhere">
        <Sightings o={o} />
      </Table.Td>
      {onEdit && onRemove ? (
        // Not in the card's corner on a phone: there it would narrow the value, which needs the width most.
        <Table.Td>
          <Group gap={2} wrap="nowrap" justify="flex-end" w="100%">
            <Tooltip label="Edit" withArrow>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Edit the ${typeLabel[o.type]} observable`}
                onClick={onEdit}
              >
                <IconPencil size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Remove" withArrow>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove the ${typeLabel[o.type]} observable`}
                onClick={onRemove}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}
