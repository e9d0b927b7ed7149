// Setting up two-step sign-in, or replacing the authenticator app: the new secret as a QR code and a
// key, a code from the app to confirm it, then the new recovery codes shown once. Until confirmed, a
// second factor already there keeps working. A setup left too long (or replaced) is started again.
import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { IconHourglassEmpty } from '@tabler/icons-react';
import type { UseMutationResult } from '@tanstack/react-query';

import { ApiError, errorMessage } from '../../api/problem';
import type { TOTPEnrolment } from '../../api/types';
import { useSignedInUser } from '../../app/auth';
import { LoadError } from '../../components/PageStates';
import { AuthenticatorSetup } from '../../components/secondfactor/AuthenticatorSetup';
import { RecoveryCodesPanel } from '../../components/secondfactor/RecoveryCodesPanel';
import { AppCodeForm } from './AppCodeForm';
import { useConfirmMyEnrolment } from './secondFactorQueries';

const isConflict = (error: unknown) => error instanceof ApiError && error.status === 409;

function StartAgain({ error, onRestart }: { error: unknown; onRestart: () => void }) {
  return (
    <Alert color="yellow" variant="light" icon={<IconHourglassEmpty />} title="This setup has ended" role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {errorMessage(error)} A setup lasts 15 minutes, and starting another replaces it. Start again, and scan the
          new QR code.
        </Text>
        <Button size="xs" variant="default" onClick={onRestart}>
          Start again
        </Button>
      </Stack>
    </Alert>
  );
}

export function SetUpDialog({
  opened,
  replacing,
  start,
  onClose,
}: {
  opened: boolean;
  /** A second factor is on already: this replaces its authenticator app. */
  replacing: boolean;
  start: UseMutationResult<TOTPEnrolment, Error, void>;
  onClose: () => void;
}) {
  const me = useSignedInUser();
  const confirm = useConfirmMyEnrolment();
  const restart = () => {
    confirm.reset();
    start.mutate();
  };

  let body;
  if (confirm.data) {
    body = <RecoveryCodesPanel codes={confirm.data} email={me.email} onSaved={onClose} />;
  } else if (start.isPending || start.isIdle) {
    body = (
      <Group gap="xs" role="status">
        <Loader size="sm" />
        <Text size="sm">Making your secret…</Text>
      </Group>
    );
  } else if (start.isError) {
    body = <LoadError error={start.error} title="Two-step sign-in could not be set up" onRetry={restart} />;
  } else {
    body = (
      <Stack gap="md">
        {replacing ? (
          <Text size="sm">
            Your current app keeps working until you confirm the new one. Confirming replaces your recovery codes and
            signs you out everywhere else.
          </Text>
        ) : (
          <Text size="sm">
            Besides your password, each sign-in will ask for a code from an authenticator app on your phone. Turning it
            on signs you out everywhere else.
          </Text>
        )}
        <AuthenticatorSetup enrolment={start.data} />
        <Text size="sm">
          <b>2.</b> Enter the 6-digit code the app now shows for Caseward.
        </Text>
        {isConflict(confirm.error) ? (
          <StartAgain error={confirm.error} onRestart={restart} />
        ) : (
          <AppCodeForm
            sender={confirm}
            submitLabel={replacing ? 'Replace authenticator' : 'Turn on'}
            onCancel={onClose}
          />
        )}
      </Stack>
    );
  }

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={() => {
        start.reset();
        confirm.reset();
      }}
      closeOnClickOutside={false}
      title={
        confirm.data ? 'Save your recovery codes' : replacing ? 'Replace authenticator' : 'Set up two-step sign-in'
      }
      size="lg"
    >
      {body}
    </Modal>
  );
}
