// Search across cases: where a value was seen, in every case the reader may see (newest first). The value is
// read as every type that takes it, defanged or not, so "192.0.2[.]1" finds 192.0.2.1 and "Evil.Example" finds
// evil.example. The value lives in the URL (?value=), so a sighting count on a case links here.
import { Anchor, Button, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconFingerprint, IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';

import { formatDateTime } from '../../components/dates';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { sendable } from './forms';
import { typeLabel } from './labels';
import { IocBadge, TlpBadge } from './Markings';
import { ObservableValue } from './ObservableValue';
import { useObservableSearch } from './queries';
import type { ObservableSighting } from './types';

function Results({ items }: { items: readonly ObservableSighting[] }) {
  return (
    <ResponsiveTable minWidth={820} verticalSpacing="sm" aria-label="Cases holding the value">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={140}>Case</Table.Th>
          <Table.Th>Title</Table.Th>
          <Table.Th w={110}>Type</Table.Th>
          <Table.Th miw={240}>Value</Table.Th>
          <Table.Th w={150}>Marks</Table.Th>
          <Table.Th w={150}>Added</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map(({ observable: o, case_reference, case_title }) => (
          <Table.Tr key={o.id} data-testid="sighting-row">
            <Table.Td data-label="Case">
              <Anchor component={Link} to={`/cases/${o.case_id}?tab=observables`} ff="monospace" size="sm" fw={600}>
                {case_reference}
              </Anchor>
            </Table.Td>
            <Table.Td data-label="Title">
              <Text size="sm" dir="auto" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                {case_title}
              </Text>
            </Table.Td>
            <Table.Td data-label="Type">
              <Text size="sm">{typeLabel[o.type]}</Text>
            </Table.Td>
            <Table.Td data-label="Value">
              <ObservableValue value={o.value} lines={2} />
            </Table.Td>
            <Table.Td data-label="Marks">
              <Group gap={4} wrap="wrap">
                <TlpBadge tlp={o.tlp} />
                {o.ioc ? <IocBadge /> : null}
              </Group>
            </Table.Td>
            <Table.Td data-label="Added">
              <Text size="sm">{formatDateTime(o.created_at)}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ResponsiveTable>
  );
}

export function ObservableSearchPage() {
  useDocumentTitle('Observables · Caseward');
  const [params, setParams] = useSearchParams();
  const value = params.get('value') ?? '';
  const [text, setText] = useState(value);
  // The URL wins when it changes from outside (a sighting link, the back button).
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  const search = useObservableSearch(value);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = sendable(text).trim();
    setParams(next ? { value: next } : {});
  };

  let body;
  if (!value) {
    body = (
      <Empty
        icon={IconFingerprint}
        title="Find where a value was seen"
        description="Type an address, a domain, a URL, an email address, a hash or an account: defanged values are read too."
      />
    );
  } else if (search.query.isPending) {
    body = <LoadingRows rows={3} label="Searching the cases" />;
  } else if (search.query.isError) {
    body = (
      <LoadError
        error={search.query.error}
        title="The search could not be run"
        onRetry={() => void search.query.refetch()}
        retrying={search.query.isFetching}
      />
    );
  } else if (search.items.length === 0) {
    body = (
      <Empty
        title="Not seen in any case you may see"
        description="No case you may see holds this value, in any type that takes it."
      />
    );
  } else {
    body = (
      <>
        <Results items={search.items} />
        <LoadMore
          hasMore={search.hasMore}
          loading={search.loadingMore}
          onLoad={search.loadMore}
          shown={search.items.length}
          noun={['sighting', 'sightings']}
        />
      </>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader title="Observables" description="Where a value was seen, in every case you may see, newest first." />
      <form role="search" aria-label="Find an observable" onSubmit={submit}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label="Value"
            placeholder="e.g. 192.0.2[.]1, evil.example, a SHA-256"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            maxLength={2048}
            autoComplete="off"
            spellCheck={false}
            dir="auto"
            leftSection={<IconSearch size={16} />}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            style={{ flex: 1, minWidth: 0 }}
          />
          <Button type="submit" disabled={!text.trim()}>
            Search
          </Button>
        </Group>
      </form>
      {value ? (
        <Text size="sm" c="dimmed" aria-live="polite">
          {search.query.isSuccess
            ? `${search.items.length}${search.hasMore ? '+' : ''} ${search.items.length === 1 ? 'observable' : 'observables'} holding `
            : 'Looking for '}
          <Text component="bdi" ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>
            {value.length > 120 ? `${value.slice(0, 120)}…` : value}
          </Text>
        </Text>
      ) : null}
      <Card withBorder padding="md" radius="md">
        {body}
      </Card>
    </Stack>
  );
}
