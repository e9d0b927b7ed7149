// The case's evidence items as a table; a row opens the item. Five columns fit the case page's main
// column at 1 440 px: the kind and the file go under the title. On a phone each item is a card.
import { Anchor, Group, Stack, Table, Text } from '@mantine/core';

import { ResponsiveTable } from '../../components/ResponsiveTable';
import { KindBadge, VerificationBadge } from './badges';
import { formatBytes } from './format';
import { HashValue } from './HashValue';
import type { Evidence } from './types';
import { formatLocal, formatUtc } from './zones';

interface Props {
  items: Evidence[];
  personName: (id: string) => string;
  onOpen: (id: string) => void;
}

export function EvidenceTable({ items, personName, onOpen }: Props) {
  return (
    <ResponsiveTable minWidth={640} highlightOnHover verticalSpacing="sm" aria-label="Evidence items">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Item</Table.Th>
          <Table.Th ta="right">Size</Table.Th>
          <Table.Th>SHA-256</Table.Th>
          <Table.Th>Collected</Table.Th>
          <Table.Th>Last verified</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => (
          <Table.Tr
            key={item.id}
            data-testid="evidence-row"
            style={{ cursor: 'pointer' }}
            onClick={() => onOpen(item.id)}
          >
            <Table.Td>
              <Stack gap={4}>
                <Anchor
                  component="button"
                  type="button"
                  fw={600}
                  ta="left"
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpen(item.id);
                  }}
                >
                  {item.title}
                </Anchor>
                <Group gap={6} wrap="nowrap">
                  <KindBadge kind={item.kind} />
                  {item.file_name ? (
                    <Text
                      size="xs"
                      c="dimmed"
                      lineClamp={1}
                      title={item.file_name}
                      style={{ overflowWrap: 'anywhere' }}
                    >
                      {item.file_name}
                    </Text>
                  ) : null}
                </Group>
              </Stack>
            </Table.Td>
            <Table.Td data-label="Size" ta="right" style={{ whiteSpace: 'nowrap' }}>
              {item.file_size === null ? '—' : formatBytes(item.file_size)}
            </Table.Td>
            <Table.Td data-label="SHA-256">
              {item.sha256 ? <HashValue hex={item.sha256} testId="evidence-hash" /> : <Text c="dimmed">—</Text>}
            </Table.Td>
            <Table.Td data-label="Collected">
              <Stack gap={0}>
                <Text size="sm">{personName(item.collected_by_id)}</Text>
                <Text size="xs" c="dimmed" title={formatUtc(item.collected_at)}>
                  {formatLocal(item.collected_at)}
                </Text>
              </Stack>
            </Table.Td>
            <Table.Td data-label="Last verified">
              <VerificationBadge item={item} withTime />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ResponsiveTable>
  );
}
