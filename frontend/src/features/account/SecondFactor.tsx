// "Two-step sign-in" on the account page: whether it is on (since when, recovery codes left, whether my
// role requires it), and setting it up, replacing the authenticator app, new recovery codes, removing
// it (not while my role requires it). Auditors also read which roles must use it.
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconShieldCheck, IconShieldLock } from '@tabler/icons-react';
import { useState } from 'react';

import { useSignInPolicy } from '../../api/queries';
import type { Role, SecondFactorStatus } from '../../api/types';
import { useSignedInUser } from '../../app/auth';
import { formatDateTime } from '../../components/dates';
import { LoadError, LoadingRows } from '../../components/PageStates';
import { roleInfo } from '../../components/roles';
import { RemoveSecondFactorDialog } from './RemoveSecondFactorDialog';
import { RenewCodesDialog } from './RenewCodesDialog';
import { useMySecondFactor, useStartMyEnrolment } from './secondFactorQueries';
import { SetUpDialog } from './SetUpDialog';

/** FEW_CODES or fewer recovery codes left is worth a warning. */
export const FEW_CODES = 2;

type Dialog = 'setup' | 'renew' | 'remove' | null;

function codesLeft(n: number): string {
  if (n === 0) return 'No recovery codes left';
  return n === 1 ? '1 recovery code left' : `${n} recovery codes left`;
}

function Status({ status }: { status: SecondFactorStatus }) {
  return (
    <Stack gap={6}>
      <Group gap="xs">
        {status.totp_enrolled ? (
          <Badge color="teal" variant="light" radius="sm" leftSection={<IconShieldCheck size={12} />}>
            On
          </Badge>
        ) : (
          <Badge color="gray" variant="light" radius="sm">
            Off
          </Badge>
        )}
        {status.required ? (
          <Badge color="indigo" variant="outline" radius="sm" leftSection={<IconShieldLock size={12} />}>
            Required for your role
          </Badge>
        ) : null}
      </Group>
      {status.totp_enrolled ? (
        <Text size="sm" data-testid="second-factor-status">
          On since {formatDateTime(status.enrolled_at)}. {codesLeft(status.recovery_codes_left)}.
        </Text>
      ) : (
        <Text size="sm" data-testid="second-factor-status">
          Each sign-in asks for your password alone.
        </Text>
      )}
    </Stack>
  );
}

function Warnings({ status }: { status: SecondFactorStatus }) {
  if (status.required && !status.totp_enrolled) {
    return (
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle />} title="Your role requires two-step sign-in">
        Set it up now; otherwise you will be asked to at your next sign-in, before you get in.
      </Alert>
    );
  }
  if (status.totp_enrolled && status.recovery_codes_left <= FEW_CODES) {
    return (
      <Alert
        color="yellow"
        variant="light"
        icon={<IconAlertTriangle />}
        title={`${codesLeft(status.recovery_codes_left)}`}
      >
        Make new recovery codes while you still have your phone: without the app or a code, only an administrator can
        let you back in.
      </Alert>
    );
  }
  return null;
}

const roleList = (roles: readonly Role[]) => roles.map((r) => roleInfo[r].label).join(', ');

/** PolicyLine tells an auditor which roles must use two-step sign-in (administrators set it under Users). */
function PolicyLine() {
  const me = useSignedInUser();
  const policy = useSignInPolicy(me.role === 'auditor');
  if (me.role !== 'auditor' || !policy.data) return null;
  const roles = policy.data.second_factor_roles;
  return (
    <Text size="sm" c="dimmed" data-testid="sign-in-policy">
      {roles.length === 0 ? 'No role is required to use two-step sign-in.' : `Required for: ${roleList(roles)}.`}
    </Text>
  );
}

export function SecondFactor() {
  const status = useMySecondFactor();
  const start = useStartMyEnrolment();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const setUp = () => {
    setDialog('setup');
    start.mutate();
  };

  let body;
  if (status.isPending) body = <LoadingRows rows={2} label="Loading your two-step sign-in" />;
  else if (status.isError) {
    body = (
      <LoadError
        error={status.error}
        title="Your two-step sign-in could not be loaded"
        onRetry={() => void status.refetch()}
        retrying={status.isFetching}
      />
    );
  } else {
    const s = status.data;
    body = (
      <Stack gap="sm">
        <Status status={s} />
        <Warnings status={s} />
        <Group gap="sm">
          <Button size="xs" onClick={setUp} variant={s.totp_enrolled ? 'default' : 'filled'}>
            {s.totp_enrolled ? 'Replace authenticator' : 'Set up'}
          </Button>
          {s.totp_enrolled ? (
            <Button size="xs" variant="default" onClick={() => setDialog('renew')}>
              New recovery codes
            </Button>
          ) : null}
          {s.totp_enrolled && !s.required ? (
            <Button size="xs" variant="default" color="red" onClick={() => setDialog('remove')}>
              Remove
            </Button>
          ) : null}
        </Group>
        {s.totp_enrolled && s.required ? (
          <Text size="xs" c="dimmed">
            Your role requires two-step sign-in, so it cannot be removed. If you change phones, replace the
            authenticator.
          </Text>
        ) : null}
        <PolicyLine />
      </Stack>
    );
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="two-step-title">
      <Title order={2} fz="h4" mb="xs" id="two-step-title">
        Two-step sign-in
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Besides your password, a 6-digit code from an authenticator app on your phone, so that a stolen password alone
        does not get anyone in. Recovery codes get you in if you lose the phone.
      </Text>
      {body}
      <SetUpDialog
        opened={dialog === 'setup'}
        replacing={status.data?.totp_enrolled ?? false}
        start={start}
        onClose={close}
      />
      <RenewCodesDialog opened={dialog === 'renew'} onClose={close} />
      <RemoveSecondFactorDialog opened={dialog === 'remove'} onClose={close} />
    </Card>
  );
}
