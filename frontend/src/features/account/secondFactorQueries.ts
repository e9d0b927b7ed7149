// My second factor (GET /me/second-factor): setting one up or replacing it (a secret, then a code from
// the app to confirm it), new recovery codes, and removing it. Each change refreshes the status; setting
// one up ends my other sign-ins, so the sign-in list is refreshed too. Answers holding a secret or
// recovery codes are forgotten as soon as nothing shows them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';

export function useMySecondFactor() {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.secondFactor.mine(),
    queryFn: async ({ signal }) => unwrap(await client.GET('/me/second-factor', { signal })),
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.secondFactor.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.sessions.all });
  };
}

/** useStartMyEnrolment asks for a new secret; nothing changes until it is confirmed. */
export function useStartMyEnrolment() {
  const { client } = useApi();
  return useMutation({
    mutationFn: async () => unwrap(await client.POST('/me/second-factor/totp')),
    gcTime: 0,
  });
}

/** useConfirmMyEnrolment turns the new secret on with a code from the app; the answer is the recovery codes. */
export function useConfirmMyEnrolment() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (code: string) =>
      unwrap(await client.POST('/me/second-factor/totp/confirm', { body: { code } })).recovery_codes,
    onSuccess: invalidate,
    gcTime: 0,
  });
}

/** useRenewRecoveryCodes replaces my recovery codes, given a current code from the app. */
export function useRenewRecoveryCodes() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (code: string) =>
      unwrap(await client.POST('/me/second-factor/recovery-codes', { body: { code } })).recovery_codes,
    onSuccess: invalidate,
    gcTime: 0,
  });
}

/** useRemoveMySecondFactor turns two-step sign-in off, given my password. */
export function useRemoveMySecondFactor() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (password: string) =>
      unwrap(await client.POST('/me/second-factor/remove', { body: { password } })),
    onSettled: invalidate,
  });
}
