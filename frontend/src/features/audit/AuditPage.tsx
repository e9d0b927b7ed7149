// Audit: the tamper-evident trail, filtered in the URL, newest first, with chain verification.
import { Card, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconListCheck } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { AuditFilterBar } from './AuditFilterBar';
import { AuditTable } from './AuditTable';
import { clearFilters, hasFilters, readFilters, writeFilter, type AuditFilters } from './filters';
import { VerifyChain } from './VerifyChain';

const PAGE = 50;

export function AuditPage() {
  useDocumentTitle('Audit · Caseward');
  const { client } = useApi();
  const [search, setSearch] = useSearchParams();
  const filters = readFilters(search);
  const events = usePagedList(queryKeys.audit.list({ ...filters }), async (cursor, signal) =>
    unwrap(await client.GET('/audit', { params: { query: { ...filters, limit: PAGE, cursor } }, signal })),
  );

  const set = (key: keyof AuditFilters, value: string | null | undefined) =>
    setSearch((s) => writeFilter(s, key, value), { replace: true });

  const body = () => {
    if (events.query.isPending) return <LoadingRows rows={8} label="Loading audit events" />;
    if (events.query.isError) {
      return (
        <LoadError
          error={events.query.error}
          title="The audit log could not be loaded"
          onRetry={() => void events.query.refetch()}
          retrying={events.query.isFetching}
        />
      );
    }
    if (events.items.length === 0) {
      return (
        <Empty
          icon={IconListCheck}
          title={
            filters.q
              ? `Nothing in the audit log matches “${filters.q}”`
              : hasFilters(filters)
                ? 'No events match these filters'
                : 'No events yet'
          }
          description={hasFilters(filters) ? 'Widen the time range or clear a filter.' : undefined}
        />
      );
    }
    return (
      <>
        <AuditTable events={events.items} onActor={(id) => set('actor_id', id)} />
        <LoadMore
          hasMore={events.hasMore}
          loading={events.loadingMore}
          onLoad={events.loadMore}
          shown={events.items.length}
          noun={['event', 'events']}
        />
      </>
    );
  };

  return (
    <Stack gap="lg">
      <PageHeader
        title="Audit log"
        description="Every change and every sensitive read, newest first. Open an event to see what changed."
      />
      <Card withBorder padding="md" radius="md">
        <VerifyChain />
      </Card>
      <Card withBorder padding="md" radius="md">
        <Stack gap="md">
          <AuditFilterBar
            filters={filters}
            actorEmail={events.items.find((e) => e.actor_id === filters.actor_id)?.actor_email ?? undefined}
            set={set}
            clear={() => setSearch((s) => clearFilters(s), { replace: true })}
          />
          {body()}
        </Stack>
      </Card>
    </Stack>
  );
}
