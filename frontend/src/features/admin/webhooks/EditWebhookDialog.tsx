// Editing a webhook: its URL, description, kinds and whether restricted cases' events reach it.
// The webhook is read fresh with its ETag when the dialog opens and the PATCH carries only what
// changed, with If-Match; a 422 shows on its fields, a 412 says someone else changed it and
// starts the form again from the stored webhook.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';

import type { Versioned } from '../../../api/types';
import { formatDateTime } from '../../../components/dates';
import {
  ErrorSummary,
  errorCount,
  focusFirstError,
  FormAlert,
  isStale,
  StaleAlert,
  submitAll,
} from '../../../components/formErrors';
import { LoadError, LoadingRows } from '../../../components/PageStates';
import { useLatest } from '../../../components/useLatest';
import { type Webhook, useUpdateWebhook, useWebhook } from './queries';
import {
  serverErrors,
  WEBHOOK_FIELDS,
  webhookChanges,
  webhookErrors,
  webhookValues,
  type WebhookValues,
} from './webhookForm';
import { WebhookFields } from './WebhookFields';

/** The fields a server's field error may name, for the alert of those the form cannot show. */
const SERVER_FIELDS = ['url', 'description', 'kinds', 'include_restricted'] as const;

function EditForm({
  current,
  onStale,
  onDone,
}: {
  current: Versioned<Webhook>;
  onStale: () => void;
  onDone: () => void;
}) {
  // The webhook as it was when editing began: its ETag goes with the PATCH.
  const [snapshot] = useState(current);
  const webhook = snapshot.item;
  const form = useForm<WebhookValues>({ initialValues: webhookValues(webhook), validate: webhookErrors });
  const save = useUpdateWebhook();
  const unchanged = Object.keys(webhookChanges(webhook, form.values)).length === 0;

  const onSubmit = submitAll(form, WEBHOOK_FIELDS, (values) => {
    const body = webhookChanges(webhook, values);
    if (Object.keys(body).length === 0) return;
    save.mutate(
      { webhook, body, etag: snapshot.etag },
      {
        onSuccess: onDone,
        onError: (error) => {
          const errors = { ...form.errors, ...serverErrors(error) };
          form.setErrors(errors);
          focusFirstError(form, WEBHOOK_FIELDS, errors);
          if (isStale(error)) onStale();
        },
      },
    );
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {isStale(save.error) ? null : <FormAlert error={save.error} fields={SERVER_FIELDS} noun="webhook" />}
        <WebhookFields form={form} />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={unchanged}>
            Save changes
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          Last changed {formatDateTime(webhook.updated_at)} · version {webhook.version}
        </Text>
      </Stack>
    </form>
  );
}

function EditBody({ id, onClose }: { id: string; onClose: () => void }) {
  const webhook = useWebhook(id);
  const [stale, setStale] = useState(false);
  // Bumped after a 412 and the reload that follows: the form starts again from the stored webhook.
  const [attempt, setAttempt] = useState(0);
  if (webhook.isPending) return <LoadingRows rows={4} label="Loading the webhook" />;
  if (webhook.isError) {
    return (
      <LoadError
        error={webhook.error}
        title="The webhook could not be loaded"
        onRetry={() => void webhook.refetch()}
        retrying={webhook.isFetching}
      />
    );
  }
  return (
    <Stack>
      {stale ? <StaleAlert noun="webhook" /> : null}
      <EditForm
        key={`${webhook.data.item.id}:${attempt}`}
        current={webhook.data}
        onStale={() => {
          setStale(true);
          // The failed save's invalidation is already reading it again: wait for that read, not another.
          void webhook.refetch({ cancelRefetch: false }).then(() => setAttempt((n) => n + 1));
        }}
        onDone={onClose}
      />
    </Stack>
  );
}

/** EditWebhookDialog edits the webhook with id webhookId; null closes it. */
export function EditWebhookDialog({ webhookId, onClose }: { webhookId: string | null; onClose: () => void }) {
  // While the dialog fades out, it keeps showing the webhook it was opened for.
  const shownId = useLatest(webhookId);
  return (
    <Modal opened={webhookId !== null} onClose={onClose} title="Edit webhook" size="lg">
      {shownId ? <EditBody id={shownId} onClose={onClose} /> : null}
    </Modal>
  );
}
