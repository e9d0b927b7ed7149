// Audit: the tamper-evident trail, filtered in the URL, newest first, with chain verification.
import { Badge, Button, Card, CloseButton, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconListCheck } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { queryKeys, useUserDirectory } from '../../api/queries';
import { useSignedInUser } from '../../app/auth';
import { fromLocalInput, toLocalInput } from '../../components/dates';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { SearchBox } from '../../components/SearchBox';
import { AuditTable } from './AuditTable';
import {
  MAX_QUERY,
  clearFilters,
  entityTypes,
  hasFilters,
  knownActions,
  readFilters,
  writeFilter,
  type AuditFilters,
} from './filters';
import { VerifyChain } from './VerifyChain';

const PAGE = 50;

function ActorFilter({
  value,
  known,
  onChange,
}: {
  value: string | undefined;
  /** The actor's email, when a loaded event names it. */
  known: string | undefined;
  onChange: (id: string | null) => void;
}) {
  const me = useSignedInUser();
  // Only administrators may list accounts; auditors filter by clicking an actor in the table.
  const users = useUserDirectory(me.role === 'admin');
  if (me.role === 'admin') {
    return (
      <Select
        label="Actor"
        placeholder="Anyone"
        data={(users.data ?? []).map((u) => ({ value: u.id, label: u.email }))}
        value={value ?? null}
        onChange={onChange}
        clearable
        searchable
        nothingFoundMessage="No such user"
        w={220}
      />
    );
  }
  return value ? (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Actor
      </Text>
      <Badge
        size="lg"
        variant="light"
        radius="sm"
        tt="none"
        rightSection={<CloseButton size="xs" aria-label="Any actor" onClick={() => onChange(null)} />}
      >
        {known ?? 'One actor'}
      </Badge>
    </Stack>
  ) : (
    <Text size="xs" c="dimmed" maw={220} pb={6}>
      To see one person's events, use the filter button next to their email in the table.
    </Text>
  );
}

function FilterBar({
  filters,
  actorEmail,
  set,
  clear,
}: {
  filters: AuditFilters;
  actorEmail: string | undefined;
  set: (key: keyof AuditFilters, value: string | null | undefined) => void;
  clear: () => void;
}) {
  return (
    <Stack gap="sm">
      <Group>
        <SearchBox
          value={filters.q}
          onSearch={(q) => set('q', q || null)}
          label="Search the audit log"
          placeholder="Search actions, people, cases (INC-…), evidence, services…"
          maxLength={MAX_QUERY}
        />
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Action"
          placeholder="Any action"
          data={knownActions}
          value={filters.action ?? null}
          onChange={(v) => set('action', v)}
          clearable
          searchable
          w={200}
        />
        <Select
          label="Entity type"
          placeholder="Any entity"
          data={entityTypes}
          value={filters.entity_type ?? null}
          onChange={(v) => set('entity_type', v)}
          clearable
          w={160}
        />
        <ActorFilter value={filters.actor_id} known={actorEmail} onChange={(v) => set('actor_id', v)} />
        {filters.case_id ? (
          <Badge
            size="lg"
            variant="light"
            radius="sm"
            tt="none"
            mb={4}
            rightSection={<CloseButton size="xs" aria-label="Any case" onClick={() => set('case_id', null)} />}
          >
            One case
          </Badge>
        ) : null}
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="From"
          type="datetime-local"
          value={toLocalInput(filters.from)}
          onChange={(e) => set('from', fromLocalInput(e.currentTarget.value))}
          w={200}
        />
        <TextInput
          label="To"
          type="datetime-local"
          value={toLocalInput(filters.to)}
          onChange={(e) => set('to', fromLocalInput(e.currentTarget.value))}
          w={200}
        />
        {hasFilters(filters) ? (
          <Button variant="subtle" color="gray" onClick={clear}>
            Clear filters
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}

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
          <FilterBar
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
