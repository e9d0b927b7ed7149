// Removing an observable added by mistake, after a confirmation, with If-Match: the audit trail keeps every
// value it had. When someone else changed it first (412), the list is read again and nothing is removed.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';

import { errorMessage } from '../../api/problem';
import { isStale, StaleAlert } from '../../components/formErrors';
import { typeLabel } from './labels';
import { ObservableValue } from './ObservableValue';
import { useDeleteObservable } from './queries';
import type { Observable } from './types';

interface Props {
  caseId: string;
  observable: Observable;
  onClose: () => void;
}

export function DeleteObservableDialog({ caseId, observable: o, onClose }: Props) {
  const remove = useDeleteObservable(caseId);
  return (
    <Modal opened onClose={onClose} title="Remove the observable" centered>
      <Stack gap="sm">
        {isStale(remove.error) ? (
          <StaleAlert noun="observable" />
        ) : remove.error ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Not removed" role="alert">
            {errorMessage(remove.error)}
          </Alert>
        ) : null}
        <Text size="sm">Remove this observable from the case?</Text>
        <div>
          <Text size="xs" c="dimmed" fw={600}>
            {typeLabel[o.type]}
          </Text>
          <ObservableValue value={o.value} />
        </div>
        <Text size="xs" c="dimmed">
          The audit trail keeps what it was. Remove only what was added by mistake.
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(o, { onSuccess: onClose })}>
            Remove observable
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
