// "Two-step sign-in" in the user drawer: whether the account has it (since when, recovery codes left,
// whether its role requires it), and resetting it for someone who lost their phone and codes, after a
// confirmation: their sign-ins end. Not for one's own account, which changes it on the account page.
import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';

import { errorMessage } from '../../api/problem';
import type { SecondFactorStatus, User } from '../../api/types';
import { useSignedInUser } from '../../app/auth';
import { formatDateTime } from '../../components/dates';
import { LoadError, LoadingRows } from '../../components/PageStates';
import { useResetSecondFactor, useUserSecondFactor } from './queries';

function summary(s: SecondFactorStatus): string {
  if (!s.totp_enrolled) return 'Not set up: they sign in with their password alone.';
  const left = s.recovery_codes_left === 1 ? '1 recovery code' : `${s.recovery_codes_left} recovery codes`;
  return `On since ${formatDateTime(s.enrolled_at)}, ${left} left.`;
}

function ResetDialog({
  user,
  status,
  opened,
  onClose,
}: {
  user: User;
  status: SecondFactorStatus;
  opened: boolean;
  onClose: () => void;
}) {
  const reset = useResetSecondFactor();
  return (
    <Modal opened={opened} onClose={onClose} onExitTransitionEnd={() => reset.reset()} title="Reset second factor">
      <Stack gap="sm">
        {reset.error ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Not reset" role="alert">
            {errorMessage(reset.error)}
          </Alert>
        ) : null}
        <Text size="sm">
          Remove <b>{user.name}</b>’s authenticator app and recovery codes? For someone who lost both: every sign-in of
          theirs ends now.
        </Text>
        <Text size="sm" c="dimmed">
          {status.required
            ? 'Their role requires two-step sign-in: at their next sign-in they set up a new authenticator before they get in.'
            : 'At their next sign-in they use their password alone, and may set up a new authenticator on their account page.'}
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={reset.isPending}>
            Cancel
          </Button>
          <Button color="red" loading={reset.isPending} onClick={() => reset.mutate(user.id, { onSuccess: onClose })}>
            Reset second factor
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function UserSecondFactor({ user }: { user: User }) {
  const me = useSignedInUser();
  const status = useUserSecondFactor(user.id);
  const [resetting, setResetting] = useState(false);
  const mine = user.id === me.id;

  let body;
  if (status.isPending) body = <LoadingRows rows={1} label="Loading two-step sign-in" />;
  else if (status.isError) {
    body = (
      <LoadError
        error={status.error}
        title="Two-step sign-in could not be loaded"
        onRetry={() => void status.refetch()}
        retrying={status.isFetching}
      />
    );
  } else {
    const s = status.data;
    body = (
      <>
        <Group gap="xs">
          <Badge color={s.totp_enrolled ? 'teal' : 'gray'} variant="light" radius="sm">
            {s.totp_enrolled ? 'On' : 'Off'}
          </Badge>
          {s.required ? (
            <Badge color="indigo" variant="outline" radius="sm">
              Required for their role
            </Badge>
          ) : null}
        </Group>
        <Text size="sm" data-testid="user-second-factor">
          {summary(s)}
        </Text>
        {mine ? (
          <Text size="xs" c="dimmed">
            Your own is changed on{' '}
            <Anchor component={Link} to="/account" size="xs">
              your account page
            </Anchor>
            .
          </Text>
        ) : s.totp_enrolled ? (
          <Group>
            <Button size="compact-sm" variant="default" color="red" onClick={() => setResetting(true)}>
              Reset second factor…
            </Button>
          </Group>
        ) : null}
        {mine ? null : <ResetDialog user={user} status={s} opened={resetting} onClose={() => setResetting(false)} />}
      </>
    );
  }

  return (
    <Stack gap="xs" component="section" aria-labelledby="user-second-factor-title">
      <Title order={3} fz="h5" id="user-second-factor-title">
        Two-step sign-in
      </Title>
      {body}
    </Stack>
  );
}
