// My sign-ins (GET /me/sessions), ending one of them, and ending every other one in turn. An end
// already made elsewhere (404) is no failure: the list is refreshed and the screen says so.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type { SignInSession } from '../../api/types';
import { type EndOutcome, endOutcome } from '../../components/sessions/endOutcome';

export function useMySessions() {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.sessions.mine(),
    queryFn: async ({ signal }) => unwrap(await client.GET('/me/sessions', { signal })).items,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: queryKeys.sessions.all });
}

export function useEndMySession() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (s: SignInSession) =>
      endOutcome(await client.POST('/me/sessions/{id}/end', { params: { path: { id: s.id } } })),
    onSettled: invalidate,
  });
}

/** useEndOtherSessions ends each given sign-in in turn; the outcome is 'gone' when any had already ended. */
export function useEndOtherSessions() {
  const { client } = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (sessions: SignInSession[]) => {
      let outcome: EndOutcome = 'ended';
      for (const s of sessions) {
        if (s.current) continue;
        const one = endOutcome(await client.POST('/me/sessions/{id}/end', { params: { path: { id: s.id } } }));
        if (one === 'gone') outcome = 'gone';
      }
      return outcome;
    },
    onSettled: invalidate,
  });
}
