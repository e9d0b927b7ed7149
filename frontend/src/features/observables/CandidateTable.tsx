// The values found in pasted text, each with a box to keep it (all checked at first): its type, its value as
// text, whether the case already holds it (adding merges) and in how many other cases it was seen; a refused
// value says why on its row.
import { Button, Checkbox, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconArrowMerge } from '@tabler/icons-react';

import { ResponsiveTable } from '../../components/ResponsiveTable';
import { sightingsLabel } from './forms';
import { typeLabel } from './labels';
import { ObservableValue } from './ObservableValue';
import type { ObservableCandidate } from './types';

const short = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);

export function CandidateTable({
  items,
  checked,
  onToggle,
  onAll,
  rowErrors,
}: {
  items: readonly ObservableCandidate[];
  checked: readonly boolean[];
  onToggle: (i: number) => void;
  onAll: (on: boolean) => void;
  rowErrors: ReadonlyMap<number, string>;
}) {
  const count = checked.filter(Boolean).length;
  return (
    <Stack gap={4}>
      <Group gap="xs" justify="space-between" wrap="wrap">
        <Text size="sm" aria-live="polite" data-testid="selected-count">
          {count} of {items.length} selected
        </Text>
        <Group gap={4}>
          <Button size="compact-sm" variant="subtle" onClick={() => onAll(true)} disabled={count === items.length}>
            Select all
          </Button>
          <Button size="compact-sm" variant="subtle" onClick={() => onAll(false)} disabled={count === 0}>
            Select none
          </Button>
        </Group>
      </Group>
      <ResponsiveTable minWidth={560} verticalSpacing="xs" aria-label="Observables found">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={44}>
              <VisuallyHidden>Add</VisuallyHidden>
            </Table.Th>
            <Table.Th w={120}>Type</Table.Th>
            <Table.Th miw={220}>Value</Table.Th>
            <Table.Th w={190}>Seen</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c, i) => (
            <Table.Tr key={`${c.type} ${c.value}`} data-testid="candidate-row" data-on-case={c.on_case || undefined}>
              <Table.Td data-corner>
                <Checkbox
                  aria-label={`Add ${typeLabel[c.type]} ${short(c.value)}`}
                  checked={checked[i] ?? false}
                  onChange={() => onToggle(i)}
                />
              </Table.Td>
              <Table.Td data-label="Type">
                <Text size="sm">{typeLabel[c.type]}</Text>
              </Table.Td>
              <Table.Td data-label="Value">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <ObservableValue value={c.value} lines={2} />
                  {rowErrors.get(i) ? (
                    <Text size="xs" c="var(--mantine-color-error)" role="alert">
                      {rowErrors.get(i)}
                    </Text>
                  ) : null}
                </Stack>
              </Table.Td>
              <Table.Td data-label="Seen">
                <Stack gap={2}>
                  {c.on_case ? (
                    <Text size="xs" fw={600} c="indigo" data-testid="on-case">
                      <IconArrowMerge size={12} style={{ verticalAlign: -1 }} /> Already on this case — will merge
                    </Text>
                  ) : null}
                  <Text size="xs" c="dimmed">
                    {sightingsLabel(c.sightings)}
                  </Text>
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ResponsiveTable>
    </Stack>
  );
}
