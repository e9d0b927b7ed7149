// The case's evidence items as a table; a row opens the item.
import { Anchor, Stack, Table, Text } from '@mantine/core';

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
    <Table.ScrollContainer minWidth={860}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="Evidence items">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Title</Table.Th>
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
                <KindBadge kind={item.kind} />
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
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
                  {item.file_name ? (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {item.file_name}
                    </Text>
                  ) : null}
                </Stack>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {item.file_size === null ? '—' : formatBytes(item.file_size)}
              </Table.Td>
              <Table.Td>
                {item.sha256 ? <HashValue hex={item.sha256} testId="evidence-hash" /> : <Text c="dimmed">—</Text>}
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm">{personName(item.collected_by_id)}</Text>
                  <Text size="xs" c="dimmed" title={formatUtc(item.collected_at)}>
                    {formatLocal(item.collected_at)}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>
                <VerificationBadge item={item} withTime />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
