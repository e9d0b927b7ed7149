// Administration › Mail: the mail Caseward queued, one per event and recipient. Admins see what
// waits, what fails and why, and what could not be delivered for 24 hours, and send a failed mail
// again by hand. Nothing here is ever dropped.
import { Badge, Button, Card, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconMail } from '@tabler/icons-react';
import { useState } from 'react';

import { errorMessage } from '../../api/problem';
import { formatDateTime } from '../../components/dates';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { type MailMessage, type MailStatus, useEventKindLabels, useMailList, useRetryMail } from './queries';

type Filter = 'attention' | 'undeliverable' | 'all';

const filters: Record<Filter, { label: string; statuses: MailStatus[] }> = {
  attention: { label: 'Waiting or failed', statuses: ['queued', 'retrying', 'undeliverable'] },
  undeliverable: { label: 'Undeliverable', statuses: ['undeliverable'] },
  all: { label: 'All', statuses: [] },
};

const statusBadge: Record<MailStatus, { label: string; color: string }> = {
  queued: { label: 'Waiting', color: 'gray' },
  retrying: { label: 'Retrying', color: 'orange' },
  sent: { label: 'Sent', color: 'teal' },
  undeliverable: { label: 'Undeliverable', color: 'red' },
};

function MailRow({ mail, kind }: { mail: MailMessage; kind: string }) {
  const retry = useRetryMail();
  const badge = statusBadge[mail.status];
  const failed = mail.status === 'retrying' || mail.status === 'undeliverable';
  return (
    <Table.Tr data-testid="mail-row">
      <Table.Td>
        <Text size="sm" fw={500} dir="auto">
          {mail.name}
        </Text>
        <Text size="xs" c="dimmed">
          {mail.email}
        </Text>
      </Table.Td>
      <Table.Td data-label="About">
        <Text size="sm">{kind}</Text>
        {mail.digest !== 'off' ? (
          <Text size="xs" c="dimmed">
            {mail.digest === 'hourly' ? 'Hourly digest' : 'Daily digest'}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td data-label="Status">
        <Badge color={badge.color} variant="light" radius="sm">
          {badge.label}
        </Badge>
        {mail.attempts > 0 ? (
          <Text size="xs" c="dimmed">
            {mail.attempts === 1 ? '1 failed try' : `${mail.attempts} failed tries`}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td data-label="When">
        <Text size="sm">
          {mail.status === 'sent'
            ? `Sent ${formatDateTime(mail.sent_at)}`
            : mail.status === 'undeliverable'
              ? `Gave up ${formatDateTime(mail.give_up_at)}`
              : `Next ${formatDateTime(mail.due_at)}`}
        </Text>
        {mail.last_error ? (
          <Text size="xs" c="red" style={{ wordBreak: 'break-word' }}>
            {mail.last_error}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td data-corner>
        {failed ? (
          <Stack gap={4} align="flex-end">
            <Button
              variant="default"
              size="xs"
              loading={retry.isPending}
              aria-label={`Send again to ${mail.email}`}
              onClick={() => retry.mutate(mail.id)}
            >
              Send again
            </Button>
            {retry.error ? (
              <Text size="xs" c="red" role="alert">
                {errorMessage(retry.error)}
              </Text>
            ) : null}
          </Stack>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

export function MailPage() {
  useDocumentTitle('Mail · Caseward');
  const [filter, setFilter] = useState<Filter>('attention');
  const mail = useMailList(filters[filter].statuses);
  const kinds = useEventKindLabels();

  const body = () => {
    if (mail.query.isPending) return <LoadingRows label="Loading mail" />;
    if (mail.query.isError) {
      return (
        <LoadError
          error={mail.query.error}
          title="The mail could not be loaded"
          onRetry={() => void mail.query.refetch()}
          retrying={mail.query.isFetching}
        />
      );
    }
    if (mail.items.length === 0) {
      return (
        <Empty
          icon={IconMail}
          title={filter === 'all' ? 'No mail yet' : 'Nothing waiting or failed'}
          description="Mail people are sent about the events they follow appears here."
        />
      );
    }
    return (
      <>
        <ResponsiveTable minWidth={760} highlightOnHover verticalSpacing="sm" aria-label="Mail">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>To</Table.Th>
              <Table.Th>About</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th w={130} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {mail.items.map((m) => (
              <MailRow key={m.id} mail={m} kind={kinds.data?.get(m.kind) ?? m.kind} />
            ))}
          </Table.Tbody>
        </ResponsiveTable>
        <LoadMore
          hasMore={mail.hasMore}
          loading={mail.loadingMore}
          onLoad={mail.loadMore}
          shown={mail.items.length}
          noun={['mail', 'mails']}
        />
      </>
    );
  };

  return (
    <>
      <PageHeader
        title="Mail"
        description="Mail Caseward sends people about the events they follow. A mail that fails is tried again for 24 hours, then marked undeliverable and administrators are told; nothing is dropped."
        actions={
          <Group>
            <SegmentedControl
              aria-label="Show"
              value={filter}
              onChange={(v) => setFilter(v as Filter)}
              data={Object.entries(filters).map(([value, f]) => ({ value, label: f.label }))}
            />
          </Group>
        }
      />
      <Card withBorder padding="md" radius="md" mt="lg">
        {body()}
      </Card>
    </>
  );
}
