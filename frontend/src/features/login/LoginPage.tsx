// Sign-in, in one card: email and password; then, when the account has a second factor, the code from
// its authenticator app (or a recovery code); when its role requires one it has not set up, setting it
// up first, and its recovery codes shown once before the app opens. Throttling counts down on any step.
import { Anchor, Center, Loader, Paper, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { lazy, Suspense, useCallback, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';

import type { RecoveryCodesDue, SecondFactorDue } from '../../api/client';
import { useAuth } from '../../app/auth';
import type { LoginState } from '../../app/RequireAuth';
import { Brand } from '../../components/Brand';
import { FullPageLoader } from '../../components/FullPageState';
import { RecoveryCodesPanel } from '../../components/secondfactor/RecoveryCodesPanel';
import { CodeStep } from './CodeStep';
import { PasswordStep } from './PasswordStep';
import { useAuthMethods } from './singleSignOn';
import { throttledUntil } from './SignInAlert';
import { StepHeading } from './StepHeading';
import { useCountdown } from './useCountdown';

const EnrolStep = lazy(() => import('./EnrolStep').then((m) => ({ default: m.EnrolStep })));

/** safeReturnPath keeps the post-login redirect inside the app. */
export function safeReturnPath(from: unknown): string {
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//') || from.startsWith('/login')) {
    return '/';
  }
  return from;
}

type Step =
  | { kind: 'password'; expired: boolean }
  | { kind: 'second-factor'; due: SecondFactorDue }
  | { kind: 'recovery-codes'; due: RecoveryCodesDue };

export function LoginPage() {
  useDocumentTitle('Sign in · Caseward');
  const { status } = useAuth();
  const location = useLocation();
  const returnTo = safeReturnPath((location.state as LoginState | null)?.from);
  const methods = useAuthMethods();

  const [step, setStep] = useState<Step>({ kind: 'password', expired: false });
  const [email, setEmail] = useState('');
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  const waitSeconds = useCountdown(retryUntil);

  const onThrottled = useCallback((error: unknown) => {
    const until = throttledUntil(error);
    if (until !== null) setRetryUntil(until);
  }, []);
  const onExpired = useCallback(() => setStep({ kind: 'password', expired: true }), []);
  const onBack = useCallback(() => setStep({ kind: 'password', expired: false }), []);
  const onRecoveryCodes = useCallback((due: RecoveryCodesDue) => setStep({ kind: 'recovery-codes', due }), []);

  if (status === 'signed-in') return <Navigate to={returnTo} replace />;
  if (status === 'loading') return <FullPageLoader label="Restoring your session…" />;

  let body;
  if (step.kind === 'password') {
    body = (
      <PasswordStep
        methods={methods}
        returnTo={returnTo}
        email={email}
        onEmail={setEmail}
        expired={step.expired}
        waitSeconds={waitSeconds}
        onThrottled={onThrottled}
        onSecondFactor={(due) => setStep({ kind: 'second-factor', due })}
      />
    );
  } else if (step.kind === 'second-factor' && step.due.challenge.enrolment_required) {
    body = (
      <Suspense
        fallback={
          <Center py="xl" role="status" aria-label="Loading">
            <Loader />
          </Center>
        }
      >
        <EnrolStep
          challenge={step.due.challenge}
          waitSeconds={waitSeconds}
          onThrottled={onThrottled}
          onExpired={onExpired}
          onBack={onBack}
          onRecoveryCodes={onRecoveryCodes}
        />
      </Suspense>
    );
  } else if (step.kind === 'second-factor') {
    body = (
      <CodeStep
        challenge={step.due.challenge}
        waitSeconds={waitSeconds}
        onThrottled={onThrottled}
        onExpired={onExpired}
        onBack={onBack}
      />
    );
  } else {
    body = (
      <Stack gap="md">
        <StepHeading title="Save your recovery codes" focus>
          Two-step sign-in is on for {step.due.user.email}.
        </StepHeading>
        <RecoveryCodesPanel codes={step.due.recoveryCodes} email={step.due.user.email} onSaved={step.due.enter} />
      </Stack>
    );
  }

  const wide =
    step.kind === 'recovery-codes' || (step.kind === 'second-factor' && step.due.challenge.enrolment_required);
  return (
    <Center
      component="main"
      mih="100vh"
      p="md"
      style={{
        background: 'linear-gradient(180deg, var(--cw-page-accent) 0%, var(--cw-page) 60%)',
      }}
    >
      <Stack w="100%" maw={wide ? 480 : 400} gap="lg">
        <Center>
          <Brand size="xl" />
        </Center>
        <Paper withBorder shadow="sm" p={{ base: 'lg', xs: 'xl' }} radius="lg">
          {body}
        </Paper>
        <Text size="xs" c="dimmed" ta="center">
          Sign-ins are recorded in the audit log. No account yet? Ask a Caseward administrator.
        </Text>
        <Text size="sm" ta="center">
          <Anchor component={Link} to="/status">
            Service status
          </Anchor>
        </Text>
      </Stack>
    </Center>
  );
}
