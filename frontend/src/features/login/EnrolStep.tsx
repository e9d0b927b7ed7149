// Setting up two-step sign-in during a sign-in, when the account's role requires it and it has none:
// why, the new secret to put into an authenticator app (asked for once, as the step opens), and a code
// from the app to confirm it. Loaded only when needed: the QR code's library stays out of the entry chunk.
import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';

import type { RecoveryCodesDue } from '../../api/client';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type { SecondFactorChallenge } from '../../api/types';
import { AuthenticatorSetup } from '../../components/secondfactor/AuthenticatorSetup';
import { appCode, appCodeProblem } from '../../components/secondfactor/codes';
import { AppCodeInput } from '../../components/secondfactor/CodeFields';
import { SignInAlert } from './SignInAlert';
import { StepHeading, TITLE_ID } from './StepHeading';
import { CODE_FIELDS, startsOver, useFinishSignIn } from './useFinishSignIn';

/**
 * useSignInEnrolment asks for the secret once per challenge. It is a query, not a mutation, so that a
 * second mount (StrictMode, a re-render) shares the one request: asking again would replace the secret
 * on the server while the page still showed the first. Never refetched; forgotten once the step is gone.
 */
function useSignInEnrolment(challenge: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.secondFactor.signInEnrolment(challenge),
    queryFn: async () => unwrap(await client.POST('/auth/second-factor/enrolment', { body: { challenge } })),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnMount: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

export function EnrolStep({
  challenge,
  waitSeconds,
  onThrottled,
  onExpired,
  onBack,
  onRecoveryCodes,
}: {
  challenge: SecondFactorChallenge;
  waitSeconds: number;
  onThrottled: (error: unknown) => void;
  onExpired: () => void;
  onBack: () => void;
  onRecoveryCodes: (due: RecoveryCodesDue) => void;
}) {
  const enrolment = useSignInEnrolment(challenge.challenge);
  const [code, setCode] = useState('');
  const { finish, errors, setErrors } = useFinishSignIn({ onExpired, onThrottled, onRecoveryCodes });

  useEffect(() => {
    if (startsOver(enrolment.error)) onExpired();
    else if (enrolment.error) onThrottled(enrolment.error);
  }, [enrolment.error, onExpired, onThrottled]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = appCodeProblem(code);
    if (problem) {
      finish.reset();
      setErrors({ code: problem });
      return;
    }
    setErrors({});
    finish.mutate({ challenge: challenge.challenge, code: appCode(code) });
  };

  let setup;
  if (enrolment.isPending) {
    setup = (
      <Group gap="xs" role="status">
        <Loader size="sm" />
        <Text size="sm">Making your secret…</Text>
      </Group>
    );
  } else if (enrolment.isError) {
    setup = (
      <Stack gap="xs" align="flex-start">
        <SignInAlert error={enrolment.error} waitSeconds={waitSeconds} fields={[]} />
        <Button size="xs" variant="default" disabled={waitSeconds > 0} onClick={() => void enrolment.refetch()}>
          Try again
        </Button>
      </Stack>
    );
  } else {
    setup = <AuthenticatorSetup enrolment={enrolment.data} />;
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={TITLE_ID}>
      <Stack gap="md">
        <StepHeading title="Set up two-step sign-in" focus>
          Your organisation requires two-step sign-in for your role: besides your password, a code from an authenticator
          app on your phone. Set it up now to continue.
        </StepHeading>
        {setup}
        <Text size="sm">
          <b>2.</b> Enter the 6-digit code the app now shows for Caseward.
        </Text>
        <SignInAlert error={finish.error} waitSeconds={waitSeconds} fields={CODE_FIELDS} />
        <AppCodeInput
          value={code}
          onChange={(e) => {
            setCode(e.currentTarget.value);
            setErrors({});
          }}
          error={errors.code}
          disabled={!enrolment.isSuccess}
        />
        <Button type="submit" fullWidth loading={finish.isPending} disabled={waitSeconds > 0 || !enrolment.isSuccess}>
          Turn on and sign in
        </Button>
        <Text size="xs" c="dimmed">
          Finish within five minutes of entering your password, or start again.
        </Text>
        <Group>
          <Button variant="subtle" size="compact-sm" leftSection={<IconArrowLeft size={14} />} onClick={onBack}>
            Back
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
