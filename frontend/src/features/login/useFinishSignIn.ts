// Sending a sign-in's second factor (a code from the app, or a recovery code) and sorting the answer:
// signed in; recovery codes to show first (a second factor set up during the sign-in); a wrong code on
// its field; throttled; or the challenge spent or expired (401), when the sign-in starts over.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';

import type { RecoveryCodesDue } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { SecondFactorRequest } from '../../api/types';
import { useAuth } from '../../app/auth';
import { splitErrors } from '../../components/formErrors';

export type CodeField = 'code' | 'recovery_code';
export const CODE_FIELDS: readonly CodeField[] = ['code', 'recovery_code'];
const LABELS = { code: 'The code', recovery_code: 'The recovery code' };

/** startsOver tells whether a refusal means the sign-in must start again with the password. */
export const startsOver = (error: unknown): boolean =>
  error instanceof ApiError && (error.status === 401 || error.status === 409);

export function useFinishSignIn({
  onExpired,
  onThrottled,
  onRecoveryCodes,
}: {
  onExpired: () => void;
  onThrottled: (error: unknown) => void;
  onRecoveryCodes: (due: RecoveryCodesDue) => void;
}) {
  const { finishSignIn } = useAuth();
  const [errors, setErrors] = useState<Partial<Record<CodeField, string>>>({});
  const finish = useMutation({
    mutationFn: (body: SecondFactorRequest) => finishSignIn(body),
    onSuccess: (answer) => {
      if (answer.step === 'recovery-codes') onRecoveryCodes(answer);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        onExpired();
        return;
      }
      onThrottled(error);
      setErrors(splitErrors(error, CODE_FIELDS, LABELS).fields);
    },
  });
  return { finish, errors, setErrors };
}
