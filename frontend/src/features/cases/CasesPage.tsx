// Cases: every incident the reader may see, filtered and sorted in the URL, read page by page.
import { Button, Card, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconFolders, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { may } from '../../app/access';
import { useSignedInUser } from '../../app/auth';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { CaseFilterBar } from './CaseFilterBar';
import { CasesTable } from './CasesTable';
import { isFiltered, readFilters, toQuery, writeFilters, type CaseFilters } from './filters';
import { NewCaseDialog } from './NewCaseDialog';

const PAGE = 50;

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
  const query = toQuery(filters);
  const cases = usePagedList(queryKeys.cases.list(query), async (cursor, signal) =>
    unwrap(await client.GET('/cases', { params: { query: { ...query, limit: PAGE, cursor } }, signal })),
  );
  const canCreate = may(me.role, 'case.create');
  const update = (next: CaseFilters) => setSearch(writeFilters(next), { replace: true });

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
        />
        <LoadMore
          hasMore={cases.hasMore}
          loading={cases.loadingMore}
          onLoad={cases.loadMore}
          shown={cases.items.length}
          noun={['case', 'cases']}
        />
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
      <Card withBorder padding="md" radius="md">
        {body()}
      </Card>
      {canCreate ? <NewCaseDialog opened={creating} onClose={() => setCreating(false)} /> : null}
    </Stack>
  );
}
