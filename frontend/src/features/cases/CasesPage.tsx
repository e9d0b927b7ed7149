// Cases: every incident the reader may see, filtered and sorted in the URL, read page by page as the
// reader scrolls (a virtualised table), with the first page's estimated total and saved views.
import { Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconFolders, IconPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type { CaseList } from '../../api/types';
import { may } from '../../app/access';
import { useSignedInUser } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { CaseFilterBar, LIST_WHEN_OPEN } from './CaseFilterBar';
import { CasesTable } from './CasesTable';
import {
  isFiltered,
  readFilters,
  sortOptions,
  toQuery,
  totalLabel,
  writeFilters,
  type CaseFilters,
  type Sort,
} from './filters';
import { NewCaseDialog } from './NewCaseDialog';
import { SavedViews } from './SavedViews';

const PAGE = 100;

const scopeNote: Record<string, string> = {
  department_head: 'The cases that touch your department.',
  auditor: 'Every case, read-only.',
};

export function CasesPage() {
  useDocumentTitle('Cases · Caseward');
  const { client } = useApi();
  const me = useSignedInUser();
  const [search, setSearch] = useSearchParams();
  const filters = readFilters(search);
  const [creating, setCreating] = useState(false);
  const query = toQuery(filters, me.id);
  const cases = usePagedList(queryKeys.cases.list(query), async (cursor, signal) =>
    unwrap(await client.GET('/cases', { params: { query: { ...query, limit: PAGE, cursor } }, signal })),
  );
  const canCreate = may(me.role, 'case.create');
  const update = (next: CaseFilters) => setSearch(writeFilters(next), { replace: true });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = cases.query;
  const nearEnd = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const first = cases.query.data?.pages[0] as CaseList | undefined;

  const body = () => {
    if (cases.query.isPending) return <LoadingRows rows={8} label="Loading cases" />;
    if (cases.query.isError) {
      return (
        <LoadError
          error={cases.query.error}
          title="The cases could not be loaded"
          onRetry={() => void cases.query.refetch()}
          retrying={cases.query.isFetching}
        />
      );
    }
    if (cases.items.length === 0) {
      return isFiltered(filters) ? (
        <Empty title="No cases match these filters" description="Clear a filter or search for other words." />
      ) : (
        <Empty
          icon={IconFolders}
          title="No cases yet"
          description={
            canCreate ? 'When an incident is reported, open a case for it here.' : 'No case is visible to you yet.'
          }
          action={
            canCreate ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                New case
              </Button>
            ) : undefined
          }
        />
      );
    }
    return (
      <>
        <CasesTable
          cases={cases.items}
          sort={filters.sort}
          onSort={(sort) => update({ ...filters, sort })}
          search={filters.q}
          onNearEnd={nearEnd}
        />
        {cases.loadingMore ? <LoadingRows rows={2} label="Loading more cases" /> : null}
      </>
    );
  };

  return (
    <Stack gap="lg">
      <PageHeader
        title="Cases"
        description={scopeNote[me.role] ?? 'Security incidents, from the first report to closure.'}
        actions={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New case
            </Button>
          ) : null
        }
      />
      <CaseFilterBar filters={filters} onChange={update} />
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" fw={600} aria-live="polite" data-testid="case-total">
          {first?.total !== undefined ? totalLabel(first.total, !!first.total_capped) : '\u00a0'}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Select
            aria-label="Sort cases"
            data={sortOptions}
            value={sortOptions.some((o) => o.value === filters.sort) ? filters.sort : null}
            placeholder={sortLabel(filters.sort)}
            onChange={(v) => v && update({ ...filters, sort: v })}
            allowDeselect={false}
            comboboxProps={LIST_WHEN_OPEN}
            w={280}
          />
          <SavedViews query={writeFilters(filters).toString()} />
        </Group>
      </Group>
      <Card withBorder padding="md" radius="md">
        {body()}
      </Card>
      {canCreate ? <NewCaseDialog opened={creating} onClose={() => setCreating(false)} /> : null}
    </Stack>
  );
}

/** sortLabel names a sort the control does not list (an ascending column sort from a header click). */
function sortLabel(sort: Sort): string {
  const names: Record<string, string> = {
    opened: 'Oldest first',
    updated: 'Least recently updated',
    severity: 'Least severe first',
  };
  return names[sort] ?? 'Sort';
}
