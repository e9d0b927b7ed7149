// Ignore an alert: the reason is required, and kept with it.
import { Alert as Notice, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';

import { errorMessage } from '../../api/problem';
import { splitErrors } from '../../components/formErrors';
import { useIgnoreAlert } from './queries';
import type { Alert } from './types';

export function IgnoreAlertDialog({ alert, onClose }: { alert: Alert; onClose: () => void }) {
  const ignore = useIgnoreAlert();
  const [reason, setReason] = useState('');
  const [blank, setBlank] = useState(false);
  const split = splitErrors(ignore.error, ['reason'] as const);
  const submit = () => {
    if (!reason.trim()) {
      setBlank(true);
      return;
    }
    ignore.mutate({ alert, reason: reason.trim() }, { onSuccess: onClose });
  };
  return (
    <Modal opened onClose={onClose} title="Ignore the alert" centered>
      <Stack>
        <Textarea
          label="Reason"
          description="Why this alert needs no case: kept with it and in the audit trail."
          required
          autosize
          minRows={2}
          maxLength={1000}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setBlank(false);
          }}
          error={blank ? 'Say why the alert is ignored.' : split.fields.reason}
          data-autofocus
        />
        {ignore.isError && !split.fields.reason ? (
          <Notice color="red" variant="light">
            {errorMessage(ignore.error)}
          </Notice>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={submit} loading={ignore.isPending}>
            Ignore
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
