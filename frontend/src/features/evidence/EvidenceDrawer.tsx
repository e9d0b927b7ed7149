// One item in a side drawer: what it is, its file and full hash, verify and download, and its
// chain of custody with the way to record a hand-over.
import { Alert, Button, DataList, Divider, Drawer, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconArrowsExchange } from '@tabler/icons-react';
import { useState } from 'react';

import { errorMessage } from '../../api/problem';
import { KindBadge, VerificationBadge } from './badges';
import { CustodyTimeline } from './CustodyTimeline';
import { useDownloadAction } from './DownloadButton';
import { formatBytes, formatExactBytes } from './format';
import { HandoverForm } from './HandoverForm';
import { HashValue } from './HashValue';
import { usePersonName } from './people';
import { useCustody } from './queries';
import type { Evidence } from './types';
import { useVerifyAction } from './VerifyButton';
import { formatLocal, formatUtc } from './zones';

interface Props {
  caseId: string;
  item: Evidence;
  canEdit: boolean;
  canDownload: boolean;
}

function Value({ children }: { children: string }) {
  return children ? (
    <>{children}</>
  ) : (
    <Text span c="dimmed">
      —
    </Text>
  );
}

function Details({ item, personName }: { item: Evidence; personName: (id: string) => string }) {
  return (
    <DataList size="sm" labelWidth={130} withDivider>
      <DataList.Item>
        <DataList.ItemLabel>Description</DataList.ItemLabel>
        <DataList.ItemValue style={{ whiteSpace: 'pre-wrap' }}>
          <Value>{item.description}</Value>
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Source</DataList.ItemLabel>
        <DataList.ItemValue>
          <Value>{item.source}</Value>
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Collected by</DataList.ItemLabel>
        <DataList.ItemValue>{personName(item.collected_by_id)}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Collected at</DataList.ItemLabel>
        <DataList.ItemValue>
          {formatLocal(item.collected_at)}
          <Text size="xs" c="dimmed">
            {formatUtc(item.collected_at)}
          </Text>
        </DataList.ItemValue>
      </DataList.Item>
      {item.sha256 ? (
        <>
          <DataList.Item>
            <DataList.ItemLabel>File</DataList.ItemLabel>
            <DataList.ItemValue style={{ wordBreak: 'break-all' }}>{item.file_name ?? '—'}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Size</DataList.ItemLabel>
            <DataList.ItemValue>
              {formatBytes(item.file_size)}{' '}
              <Text span size="xs" c="dimmed">
                ({formatExactBytes(item.file_size)})
              </Text>
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Content type</DataList.ItemLabel>
            <DataList.ItemValue>
              {item.content_type ?? '—'}{' '}
              <Text span size="xs" c="dimmed">
                (sniffed by the server)
              </Text>
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>SHA-256</DataList.ItemLabel>
            <DataList.ItemValue>
              <HashValue hex={item.sha256} full testId="evidence-full-hash" />
            </DataList.ItemValue>
          </DataList.Item>
        </>
      ) : (
        <DataList.Item>
          <DataList.ItemLabel>File</DataList.ItemLabel>
          <DataList.ItemValue>
            <Text span c="dimmed">
              No file: this item is recorded without one.
            </Text>
          </DataList.ItemValue>
        </DataList.Item>
      )}
      <DataList.Item>
        <DataList.ItemLabel>Last verified</DataList.ItemLabel>
        <DataList.ItemValue>
          <VerificationBadge item={item} withTime />
        </DataList.ItemValue>
      </DataList.Item>
    </DataList>
  );
}

function Actions({ caseId, item, canEdit, canDownload }: Props) {
  const verify = useVerifyAction(caseId, item);
  const download = useDownloadAction(caseId, item);
  if (!item.sha256 || (!canEdit && !canDownload)) return null;
  return (
    <Stack gap="sm">
      <Group gap="sm">
        {canEdit ? verify.button : null}
        {canDownload ? download.button : null}
      </Group>
      {verify.result}
      {download.result}
      {download.dialog}
    </Stack>
  );
}

function Custody({ caseId, item, canEdit }: Omit<Props, 'canDownload'>) {
  const custody = useCustody(item.id);
  const personName = usePersonName(caseId, custody.data);
  const [recording, setRecording] = useState(false);

  let body;
  if (custody.isPending) {
    body = (
      <Group gap="xs" role="status">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          Loading the chain of custody…
        </Text>
      </Group>
    );
  } else if (custody.isError) {
    body = (
      <Alert color="red" variant="light" icon={<IconAlertCircle />} title="The chain of custody could not be loaded">
        <Stack gap="xs">
          <Text size="sm">{errorMessage(custody.error)}</Text>
          <div>
            <Button
              size="xs"
              color="red"
              variant="white"
              loading={custody.isFetching}
              onClick={() => void custody.refetch()}
            >
              Try again
            </Button>
          </div>
        </Stack>
      </Alert>
    );
  } else if (custody.data.length === 0) {
    body = (
      <Text size="sm" c="dimmed">
        No custody event is recorded for this item.
      </Text>
    );
  } else {
    body = <CustodyTimeline events={custody.data} personName={personName} />;
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} fz="h5">
          Chain of custody
        </Title>
        {canEdit && !recording ? (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconArrowsExchange size={14} />}
            onClick={() => setRecording(true)}
          >
            Record hand-over
          </Button>
        ) : null}
      </Group>
      {recording ? <HandoverForm caseId={caseId} evidenceId={item.id} onDone={() => setRecording(false)} /> : null}
      {body}
    </Stack>
  );
}

function DrawerBody(props: Props) {
  const { item, caseId } = props;
  const custody = useCustody(item.id);
  const personName = usePersonName(caseId, custody.data);
  return (
    <Stack gap="lg">
      <Group gap="xs">
        <KindBadge kind={item.kind} />
        <VerificationBadge item={item} />
      </Group>
      <Details item={item} personName={personName} />
      <Actions {...props} />
      <Divider />
      <Custody caseId={props.caseId} item={item} canEdit={props.canEdit} />
    </Stack>
  );
}

/** EvidenceDrawer is open while item is set; it shows shown (the last item opened) so it can slide out with it. */
export function EvidenceDrawer({
  item,
  shown,
  onClose,
  ...rest
}: Omit<Props, 'item'> & { item: Evidence | null; shown: Evidence | null; onClose: () => void }) {
  const content = item ?? shown;
  return (
    <Drawer
      opened={item !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={content?.title ?? ''}
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {content ? <DrawerBody key={content.id} item={content} {...rest} /> : null}
    </Drawer>
  );
}
