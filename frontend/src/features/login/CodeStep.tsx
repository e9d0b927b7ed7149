// The second step of a sign-in: the 6-digit code from the authenticator app or, switched to, one of
// the recovery codes. Back starts over with the password.
import { Button, Group, Stack } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';

import type { SecondFactorChallenge } from '../../api/types';
import { appCode, appCodeProblem, recoveryCodeProblem } from '../../components/secondfactor/codes';
import { AppCodeInput, RecoveryCodeInput } from '../../components/secondfactor/CodeFields';
import { SignInAlert } from './SignInAlert';
import { StepHeading, TITLE_ID } from './StepHeading';
import { CODE_FIELDS, useFinishSignIn } from './useFinishSignIn';

type Mode = 'app' | 'recovery';

export function CodeStep({
  challenge,
  waitSeconds,
  onThrottled,
  onExpired,
  onBack,
}: {
  challenge: SecondFactorChallenge;
  waitSeconds: number;
  onThrottled: (error: unknown) => void;
  onExpired: () => void;
  onBack: () => void;
}) {
  const [mode, setMode] = useState<Mode>('app');
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  // A code step never yields recovery codes: those come only with a second factor set up at sign-in.
  const { finish, errors, setErrors } = useFinishSignIn({ onExpired, onThrottled, onRecoveryCodes: () => {} });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = mode === 'app' ? appCodeProblem(code) : recoveryCodeProblem(recoveryCode);
    if (problem) {
      finish.reset();
      setErrors(mode === 'app' ? { code: problem } : { recovery_code: problem });
      return;
    }
    setErrors({});
    finish.mutate(
      mode === 'app'
        ? { challenge: challenge.challenge, code: appCode(code) }
        : { challenge: challenge.challenge, recovery_code: recoveryCode.trim() },
    );
  };

  const switchMode = () => {
    setMode(mode === 'app' ? 'recovery' : 'app');
    setErrors({});
    finish.reset();
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={TITLE_ID}>
      <Stack gap="md">
        <StepHeading title="Two-step sign-in">
          {mode === 'app'
            ? 'Enter the 6-digit code from your authenticator app.'
            : 'Enter one of the recovery codes you saved when you set up two-step sign-in. Each code works once.'}
        </StepHeading>
        <SignInAlert error={finish.error} waitSeconds={waitSeconds} fields={CODE_FIELDS} />
        {mode === 'app' ? (
          <AppCodeInput
            key="app"
            autoFocus
            value={code}
            onChange={(e) => {
              setCode(e.currentTarget.value);
              setErrors({});
            }}
            error={errors.code}
          />
        ) : (
          <RecoveryCodeInput
            key="recovery"
            autoFocus
            placeholder="xxxx-xxxx-xxxx-xxxx"
            value={recoveryCode}
            onChange={(e) => {
              setRecoveryCode(e.currentTarget.value);
              setErrors({});
            }}
            error={errors.recovery_code}
          />
        )}
        <Button type="submit" fullWidth loading={finish.isPending} disabled={waitSeconds > 0}>
          Verify
        </Button>
        <Group justify="space-between" gap="xs">
          <Button variant="subtle" size="compact-sm" leftSection={<IconArrowLeft size={14} />} onClick={onBack}>
            Back
          </Button>
          <Button variant="subtle" size="compact-sm" onClick={switchMode}>
            {mode === 'app' ? 'Use a recovery code instead' : 'Use the app instead'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
