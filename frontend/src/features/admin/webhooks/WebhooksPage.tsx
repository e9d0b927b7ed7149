// Administration › Webhooks: the URLs other tools receive Caseward's events at, signed as the
// Standard Webhooks specification says. An administrator adds one with the kinds of event it
// wants (its secret is shown once, with a copy button), edits it, switches it on or off, rotates
// its secret, sends a test message, and reads its delivery log: each attempt's status and the
// start of the receiver's answer, with a button to send a delivery again.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCheck, IconCopy, IconKey, IconPencil, IconPlus, IconWebhook } from '@tabler/icons-react';
import { useState } from 'react';

import { errorMessage } from '../../../api/problem';
import { formatDateTime } from '../../../components/dates';
import { PageHeader } from '../../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../../components/PageStates';
import {
  type Webhook,
  type WebhookWithSecret,
  useCreateWebhook,
  useDeliveries,
  useEventKinds,
  usePing,
  useRedeliver,
  useRotateSecret,
  useUpdateWebhook,
  useWebhooks,
} from './queries';
import { EditWebhookDialog } from './EditWebhookDialog';
import { emptyWebhook, serverErrors, statusColor, webhookBody, webhookErrors, type WebhookValues } from './webhookForm';
import { WebhookFields } from './WebhookFields';

/** OneTimeSecret shows a webhook's secret once, with a copy button: the server never shows it again. */
function OneTimeSecret({ shown, onClose }: { shown: WebhookWithSecret; onClose: () => void }) {
  return (
    <Alert
      color="indigo"
      variant="light"
      icon={<IconKey />}
      title="Signing secret — shown only once"
      withCloseButton
      closeButtonLabel="Hide the secret"
      onClose={onClose}
    >
      <Text size="sm" mb="xs">
        Give it to the receiver at {shown.url}: it verifies each message&apos;s <Code>webhook-signature</Code> with it.
        It cannot be shown again; if it is lost, rotate it.
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code
          fz="sm"
          px="sm"
          py={6}
          data-testid="webhook-secret"
          style={{ userSelect: 'all', flex: 1, wordBreak: 'break-all' }}
        >
          {shown.secret}
        </Code>
        <CopyButton value={shown.secret} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the secret'} withArrow>
              <ActionIcon
                variant={copied ? 'filled' : 'default'}
                color={copied ? 'teal' : undefined}
                size="lg"
                onClick={copy}
                aria-label="Copy the secret"
              >
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Alert>
  );
}

function CreateWebhookDialog({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (w: WebhookWithSecret) => void;
}) {
  const create = useCreateWebhook();
  const form = useForm<WebhookValues>({ initialValues: emptyWebhook(), validate: webhookErrors });
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  const onSubmit = form.onSubmit((v) =>
    create.mutate(webhookBody(v), {
      onSuccess: (w) => {
        onCreated(w);
        close();
      },
      onError: (error) => form.setErrors(serverErrors(error)),
    }),
  );
  const fieldless = create.error && Object.keys(serverErrors(create.error)).length === 0 ? create.error : null;
  return (
    <Modal opened={opened} onClose={close} title="New webhook" size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <WebhookFields form={form} />
          {fieldless ? (
            <Text size="sm" c="red" role="alert">
              {errorMessage(fieldless)}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add webhook
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const deliveries = useDeliveries(webhook.id, true);
  const redeliver = useRedeliver();
  if (deliveries.isPending) return <LoadingRows label="Loading the delivery log" />;
  if (deliveries.isError) return <LoadError error={deliveries.error} title="The delivery log could not be loaded" />;
  if (deliveries.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing sent yet.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped aria-label={`Deliveries to ${webhook.url}`} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Queued</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Last answer</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.data.map((d) => {
            const last = d.log[0];
            return (
              <Table.Tr key={d.id} data-testid="delivery" data-event-id={d.event_id}>
                <Table.Td>{formatDateTime(d.created_at)}</Table.Td>
                <Table.Td>
                  <Code>{d.type}</Code>
                </Table.Td>
                <Table.Td>
                  <Badge color={statusColor(d.status)} variant="light" radius="sm">
                    {d.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td style={{ maxWidth: 280 }}>
                  {last ? (
                    <Text size="sm" lineClamp={2} title={last.error || last.response}>
                      {last.status_code ?? '—'} {last.error || last.response}
                    </Text>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    disabled={!webhook.enabled}
                    loading={redeliver.isPending && redeliver.variables?.id === d.id}
                    onClick={() => redeliver.mutate(d)}
                  >
                    Redeliver
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function WebhookCard({
  webhook,
  onSecret,
  onEdit,
}: {
  webhook: Webhook;
  onSecret: (w: WebhookWithSecret) => void;
  onEdit: (w: Webhook) => void;
}) {
  const kinds = useEventKinds();
  const update = useUpdateWebhook();
  const rotate = useRotateSecret();
  const ping = usePing();
  const [showLog, setShowLog] = useState(false);
  const label = (k: string) => kinds.data?.find((i) => i.kind === k)?.label ?? k;
  const error = update.error ?? rotate.error ?? ping.error;
  return (
    <Card withBorder padding="md" radius="md" data-testid="webhook" aria-label={webhook.url} component="section">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Title order={2} fz="h5" style={{ wordBreak: 'break-all' }}>
            {webhook.url}
          </Title>
          {webhook.description ? (
            <Text size="sm" c="dimmed">
              {webhook.description}
            </Text>
          ) : null}
          {webhook.disabled_at ? (
            <Text size="sm" c="red">
              Switched off {formatDateTime(webhook.disabled_at)} after a day of failed deliveries.
            </Text>
          ) : webhook.failing_since ? (
            <Text size="sm" c="orange">
              Failing since {formatDateTime(webhook.failing_since)}.
            </Text>
          ) : null}
        </Stack>
        <Switch
          label="Enabled"
          aria-label={`Enabled: ${webhook.url}`}
          checked={webhook.enabled}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ webhook, body: { enabled: e.currentTarget.checked } })}
        />
      </Group>
      <Group gap={6} mt="sm">
        {webhook.kinds.map((k) => (
          <Badge key={k} variant="light" radius="sm" color="gray" title={k}>
            {label(k)}
          </Badge>
        ))}
        {webhook.include_restricted ? (
          <Badge variant="light" radius="sm" color="orange">
            Includes restricted cases
          </Badge>
        ) : null}
      </Group>
      <Group gap="xs" mt="md">
        <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={() => onEdit(webhook)}>
          Edit
        </Button>
        <Button
          size="xs"
          variant="default"
          disabled={!webhook.enabled}
          loading={ping.isPending}
          onClick={() => ping.mutate(webhook)}
        >
          Send test
        </Button>
        <Button
          size="xs"
          variant="default"
          loading={rotate.isPending}
          onClick={() => rotate.mutate(webhook, { onSuccess: onSecret })}
        >
          Rotate secret
        </Button>
        <Button size="xs" variant="subtle" onClick={() => setShowLog((s) => !s)} aria-expanded={showLog}>
          {showLog ? 'Hide delivery log' : 'Delivery log'}
        </Button>
      </Group>
      {error ? (
        <Text size="sm" c="red" role="alert" mt="xs">
          {errorMessage(error)}
        </Text>
      ) : null}
      {showLog ? (
        <Stack mt="md">
          <DeliveryLog webhook={webhook} />
        </Stack>
      ) : null}
    </Card>
  );
}

export function WebhooksPage() {
  useDocumentTitle('Webhooks · Caseward');
  const webhooks = useWebhooks();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  const body = () => {
    if (webhooks.isPending) return <LoadingRows label="Loading webhooks" />;
    if (webhooks.isError) {
      return (
        <LoadError
          error={webhooks.error}
          title="The webhooks could not be loaded"
          onRetry={() => void webhooks.refetch()}
          retrying={webhooks.isFetching}
        />
      );
    }
    if (webhooks.data.length === 0) {
      return (
        <Empty
          icon={IconWebhook}
          title="No webhooks"
          description="Add one to send Caseward's events to a SIEM, a chat tool or a ticketing system."
        />
      );
    }
    return (
      <Stack gap="md">
        {webhooks.data.map((w) => (
          <WebhookCard key={w.id} webhook={w} onSecret={setSecret} onEdit={(hook) => setEditing(hook.id)} />
        ))}
      </Stack>
    );
  };

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Other tools receive the events they choose here, signed with a secret only they and Caseward know."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New webhook
          </Button>
        }
      />
      <Stack mt="lg" maw={960}>
        {secret ? <OneTimeSecret shown={secret} onClose={() => setSecret(null)} /> : null}
        {body()}
      </Stack>
      <CreateWebhookDialog opened={creating} onClose={() => setCreating(false)} onCreated={setSecret} />
      <EditWebhookDialog webhookId={editing} onClose={() => setEditing(null)} />
    </>
  );
}
