// The cases as a virtualised table: only the rows near the viewport are in the page, so a thousand rows
// scroll smoothly. It stays a real <table> (spacer rows above and below the rendered ones), so screen
// readers and axe see rows and cells, and each reference is a link in the tab order. Nearing the end of
// what is loaded asks for the next page (onNearEnd). On a phone each case is a stacked card.
import { Anchor, Box, Card, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconLock } from '@tabler/icons-react';
import { useWindowVirtualizer, windowScroll, type Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { useDepartments } from '../../api/queries';
import type { Case } from '../../api/types';
import { SeverityBadge, StatusBadge } from '../../components/CaseBadges';
import { categoryLabel } from '../../components/caseLabels';
import { formatDate, formatDateTime, timeAgo } from '../../components/dates';
import { departmentName } from '../../components/departments';
import { MatchHighlight } from '../../components/MatchHighlight';
import { RegulatorDeadline } from '../../components/RegulatorDeadline';
import classes from './CasesTable.module.css';
import { nextSort, type Sort } from './filters';

type Column = 'opened' | 'updated' | 'severity';

/** OVERSCAN is how many rows past each edge of the screen are kept rendered, for smooth scrolling. */
const OVERSCAN = 8;

/** ESTIMATED_OFFSET is about how far down the page the list starts on a wide screen, in pixels. */
const ESTIMATED_OFFSET = 400;

/** NEAR_END is how many rows before the last loaded one the next page is asked for. */
const NEAR_END = 30;

/**
 * measureRow takes a row's height from the ResizeObserver, after the browser has laid the page out,
 * and the size known so far before that: the default reads offsetHeight as each row mounts, which
 * forced a layout of the whole table per row and made the first rows' render one long task.
 */
/**
 * scrollPage scrolls the window for the list, except when the list only restates where the page
 * already is (as it does once as it mounts): that scroll forced a layout of the whole page into the
 * task that renders the first rows, and would move a page the reader had scrolled meanwhile.
 */
function scrollPage(
  offset: number,
  options: { adjustments?: number; behavior?: ScrollBehavior },
  list: Virtualizer<Window, Element>,
) {
  if (!options.adjustments && !options.behavior && offset === list.scrollOffset) return;
  windowScroll(offset, options, list);
}

function measureRow(row: Element, entry: ResizeObserverEntry | undefined, list: Virtualizer<Window, Element>): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  const index = list.indexFromElement(row);
  return list.itemSizeCache.get(list.options.getItemKey(index)) ?? list.options.estimateSize(index);
}

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
          <SortIcon size={14} stroke={1.8} color={active ? undefined : 'var(--mantine-color-gray-5)'} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

function Title({ c, department, search }: { c: Case; department?: string; search?: string }) {
  return (
    <div>
      <div className={classes.titleLine}>
        {c.restricted ? (
          <IconLock
            size={14}
            color="var(--mantine-color-red-7)"
            aria-label="Restricted"
            style={{ flexShrink: 0 }}
            title="Restricted: need-to-know only"
          />
        ) : null}
        <span className={classes.title}>
          <MatchHighlight text={c.title} search={search} />
        </span>
      </div>
      <span className={classes.meta}>
        {categoryLabel[c.category]}
        {department ? ` · ${department}` : ''}
      </span>
    </div>
  );
}

function Reference({ c, search }: { c: Case; search?: string }) {
  return (
    <Anchor component={Link} to={`/cases/${c.id}`} ff="monospace" size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
      <MatchHighlight text={c.reference} search={search} />
    </Anchor>
  );
}

export function CasesTable({
  cases,
  sort,
  onSort,
  onNearEnd,
  search,
}: {
  cases: Case[];
  sort: Sort;
  onSort: (s: Sort) => void;
  onNearEnd?: () => void;
  /** The list's search: its matches are marked in the reference and title. */
  search?: string;
}) {
  const departments = useDepartments();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const listRef = useRef<HTMLDivElement>(null);
  // Until the next frame tells where the list starts, about where it does below the header and the
  // filters: the first render then holds the rows a reader sees, not a screenful more.
  const [offset, setOffset] = useState(ESTIMATED_OFFSET);
  // The rows on screen render first and those just past it a frame later, so that the list's first
  // paint is one short task rather than one long one.
  const [overscan, setOverscan] = useState(0);
  const loaded = cases.length > 0;
  useEffect(() => {
    if (!loaded) return;
    const frame = requestAnimationFrame(() => setOverscan(OVERSCAN));
    return () => cancelAnimationFrame(frame);
  }, [loaded]);
  // Where the list starts on the page, read in the next frame, once the browser has laid it out:
  // reading it as the rows commit forced a second layout of the whole page into the same long task.
  useEffect(() => {
    const frame = requestAnimationFrame(() =>
      setOffset(listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0),
    );
    return () => cancelAnimationFrame(frame);
  }, [phone]);
  const virtualizer = useWindowVirtualizer({
    count: cases.length,
    estimateSize: () => (phone ? 150 : 66),
    overscan,
    scrollMargin: offset,
    initialRect: { width: 1280, height: 900 },
    // The page is at its top when the list first renders; the default reads window.scrollY, a forced layout.
    initialOffset: 0,
    getItemKey: (i) => cases[i]?.id ?? i,
    measureElement: measureRow,
    scrollToFn: scrollPage,
  });
  const rows = virtualizer.getVirtualItems();
  const last = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onNearEnd && last >= cases.length - NEAR_END) onNearEnd();
  }, [last, cases.length, onNearEnd]);
  const top = (rows[0]?.start ?? offset) - offset;
  const bottom = virtualizer.getTotalSize() - ((rows.at(-1)?.end ?? offset) - offset);
  const department = (c: Case) => (c.department_id ? departmentName(departments.data, c.department_id) : undefined);

  if (phone) {
    return (
      <div ref={listRef} role="list" aria-label="Cases" style={{ paddingTop: top, paddingBottom: bottom }}>
        {rows.map((row) => {
          const c = cases[row.index];
          if (!c) return null;
          return (
            <Box key={row.key} data-index={row.index} ref={virtualizer.measureElement} role="listitem" pb="sm">
              <Card withBorder padding="sm" radius="md" data-testid="case-row">
                <Stack gap={6}>
                  <Group justify="space-between" wrap="nowrap">
                    <Reference c={c} search={search} />
                    <SeverityBadge severity={c.severity} />
                  </Group>
                  <Title c={c} department={department(c)} search={search} />
                  <Group gap="xs" wrap="wrap">
                    <StatusBadge status={c.status} />
                    <RegulatorDeadline c={c} />
                  </Group>
                  <Text size="xs" c="dimmed">
                    Opened {formatDate(c.created_at)} · updated {timeAgo(c.updated_at)}
                  </Text>
                </Stack>
              </Card>
            </Box>
          );
        })}
      </div>
    );
  }

  return (
    <Table.ScrollContainer minWidth={900} ref={listRef}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="Cases" aria-rowcount={cases.length + 1}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Reference</Table.Th>
            <Table.Th miw={200}>Title</Table.Th>
            <SortHeader column="severity" label="Severity" sort={sort} onSort={onSort} />
            <Table.Th>Status</Table.Th>
            <Table.Th>Regulator</Table.Th>
            <SortHeader column="opened" label="Opened" sort={sort} onSort={onSort} />
            <SortHeader column="updated" label="Updated" sort={sort} onSort={onSort} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {top > 0 ? (
            <tr aria-hidden="true" style={{ height: top }}>
              <td colSpan={7} style={{ padding: 0, border: 0 }} />
            </tr>
          ) : null}
          {rows.map((row) => {
            const c = cases[row.index];
            if (!c) return null;
            return (
              <tr
                className={Table.classes.tr}
                data-with-row-border
                data-hover
                key={row.key}
                data-index={row.index}
                ref={virtualizer.measureElement}
                aria-rowindex={row.index + 2}
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('a')) void navigate(`/cases/${c.id}`);
                }}
                style={{ cursor: 'pointer' }}
                data-testid="case-row"
              >
                <td className={Table.classes.td}>
                  <Reference c={c} search={search} />
                </td>
                <td className={Table.classes.td}>
                  <Title c={c} department={department(c)} search={search} />
                </td>
                <td className={Table.classes.td}>
                  <SeverityBadge severity={c.severity} />
                </td>
                <td className={Table.classes.td}>
                  <StatusBadge status={c.status} />
                </td>
                <td className={Table.classes.td}>
                  <RegulatorDeadline c={c} />
                </td>
                <td className={`${Table.classes.td} ${classes.date}`} title={formatDateTime(c.created_at)}>
                  {formatDate(c.created_at)}
                </td>
                <td
                  className={`${Table.classes.td} ${classes.date} ${classes.dim}`}
                  title={formatDateTime(c.updated_at)}
                >
                  {timeAgo(c.updated_at)}
                </td>
              </tr>
            );
          })}
          {bottom > 0 ? (
            <tr aria-hidden="true" style={{ height: bottom }}>
              <td colSpan={7} style={{ padding: 0, border: 0 }} />
            </tr>
          ) : null}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
