// Reads for the administration screens.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { versioned, type Role, type SignInSession } from '../../api/types';
import { endOutcome } from '../../components/sessions/endOutcome';

const PAGE = 50;

/** useUserList pages through every account, ordered by email. */
export function useUserList() {
  const { client } = useApi();
  return usePagedList(queryKeys.users.list(), async (cursor, signal) =>
    unwrap(await client.GET('/users', { params: { query: { limit: PAGE, cursor } }, signal })),
  );
}

/** useUser reads one account with its ETag, for an edit. */
export function useUser(id: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.users.detail(id ?? ''),
    queryFn: async ({ signal }) => {
      const result = await client.GET('/users/{id}', { params: { path: { id: id ?? '' } }, signal });
      return versioned(unwrap(result), result.response);
    },
    enabled: id !== null,
    staleTime: 0,
  });
}

/** useUserSessions reads an account's live sign-ins, newest first. */
export function useUserSessions(userId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.sessions.user(userId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/users/{id}/sessions', { params: { path: { id: userId } }, signal })).items,
    staleTime: 0,
  });
}

/** useEndSession ends anyone's sign-in; every sign-in list is refreshed after. */
export function useEndSession() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (s: SignInSession) =>
      endOutcome(await client.POST('/sessions/{id}/end', { params: { path: { id: s.id } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.sessions.all }),
  });
}

/** useUserSecondFactor reads whether an account has two-step sign-in, and whether its role requires it. */
export function useUserSecondFactor(userId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.secondFactor.user(userId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/users/{id}/second-factor', { params: { path: { id: userId } }, signal })),
    staleTime: 0,
  });
}

/** useResetSecondFactor removes someone's authenticator and recovery codes; their sign-ins end, so those lists refresh. */
export function useResetSecondFactor() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (userId: string) =>
      unwrap(await client.POST('/users/{id}/second-factor/reset', { params: { path: { id: userId } } })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.secondFactor.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessions.all });
    },
  });
}

/** useUpdateSignInPolicy sets which roles must use two-step sign-in; the answer is the policy as stored. */
export function useUpdateSignInPolicy() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (roles: Role[]) =>
      unwrap(await client.PUT('/sign-in-policy', { body: { second_factor_roles: roles } })),
    onSuccess: (policy) => {
      queryClient.setQueryData(queryKeys.signInPolicy, policy);
      void queryClient.invalidateQueries({ queryKey: queryKeys.secondFactor.all });
    },
  });
}

/** useServiceList pages through the services, of one department or all. */
export function useServiceList(departmentId: string | null) {
  const { client } = useApi();
  return usePagedList(queryKeys.services.list(departmentId), async (cursor, signal) =>
    unwrap(
      await client.GET('/services', {
        params: { query: { limit: PAGE, cursor, department_id: departmentId ?? undefined } },
        signal,
      }),
    ),
  );
}
