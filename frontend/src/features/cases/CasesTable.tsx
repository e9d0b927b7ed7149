// The cases as a table: reference and title link to the case; opened, updated and severity sort.
import { Anchor, Group, Stack, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconLock } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';

import { useDepartments } from '../../api/queries';
import type { Case } from '../../api/types';
import { SeverityBadge, StatusBadge } from '../../components/CaseBadges';
import { categoryLabel } from '../../components/caseLabels';
import { formatDate, formatDateTime, timeAgo } from '../../components/dates';
import { departmentName } from '../../components/departments';
import { MatchHighlight } from '../../components/MatchHighlight';
import { RegulatorDeadline } from '../../components/RegulatorDeadline';
import { nextSort, type Sort } from './filters';

type Column = 'opened' | 'updated' | 'severity';

function SortHeader({
  column,
  label,
  sort,
  onSort,
}: {
  column: Column;
  label: string;
  sort: Sort;
  onSort: (s: Sort) => void;
}) {
  const active = sort === column || sort === `-${column}`;
  const descending = sort.startsWith('-');
  const SortIcon = !active ? IconArrowsSort : descending ? IconArrowDown : IconArrowUp;
  return (
    <Table.Th aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => onSort(nextSort(sort, column))} aria-label={`Sort by ${label.toLowerCase()}`}>
        <Group gap={4} wrap="nowrap">
          <Text size="sm" fw={700} c={active ? undefined : 'dimmed'}>
            {label}
          </Text>
          <SortIcon size={14} stroke={1.8} color={active ? undefined : 'var(--cw-icon-muted)'} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

export function CasesTable({
  cases,
  sort,
  onSort,
  search,
}: {
  cases: Case[];
  sort: Sort;
  onSort: (s: Sort) => void;
  /** The list's search: its matches are marked in the reference and title. */
  search?: string;
}) {
  const departments = useDepartments();
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="Cases">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Reference</Table.Th>
            <Table.Th miw={240}>Title</Table.Th>
            <SortHeader column="severity" label="Severity" sort={sort} onSort={onSort} />
            <Table.Th>Status</Table.Th>
            <Table.Th>Regulator</Table.Th>
            <SortHeader column="opened" label="Opened" sort={sort} onSort={onSort} />
            <SortHeader column="updated" label="Updated" sort={sort} onSort={onSort} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cases.map((c) => (
            <Table.Tr
              key={c.id}
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest('a')) void navigate(`/cases/${c.id}`);
              }}
              style={{ cursor: 'pointer' }}
              data-testid="case-row"
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/cases/${c.id}`}
                  ff="monospace"
                  size="sm"
                  fw={600}
                  style={{ whiteSpace: 'nowrap' }}
                >
                  <MatchHighlight text={c.reference} search={search} />
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Group gap={6} wrap="nowrap">
                    {c.restricted ? (
                      <Tooltip label="Restricted: need-to-know only" withArrow>
                        <IconLock
                          size={14}
                          color="var(--mantine-color-red-7)"
                          aria-label="Restricted"
                          style={{ flexShrink: 0 }}
                        />
                      </Tooltip>
                    ) : null}
                    <Text size="sm" fw={500} lineClamp={2}>
                      <MatchHighlight text={c.title} search={search} />
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {categoryLabel[c.category]}
                    {c.department_id ? ` · ${departmentName(departments.data, c.department_id)}` : ''}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>
                <SeverityBadge severity={c.severity} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={c.status} />
              </Table.Td>
              <Table.Td>
                <RegulatorDeadline c={c} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={formatDateTime(c.created_at)} style={{ whiteSpace: 'nowrap' }}>
                  {formatDate(c.created_at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed" title={formatDateTime(c.updated_at)} style={{ whiteSpace: 'nowrap' }}>
                  {timeAgo(c.updated_at)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
