// Reads and writes of notification regimes and a case's obligations under them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../../api/context';
import { unwrap } from '../../../api/problem';
import { queryKeys } from '../../../api/queries';
import type { components } from '../../../api/schema';

type Schemas = components['schemas'];
export type Regime = Schemas['Regime'];
export type Obligation = Schemas['Obligation'];
export type ObligationPhase = Schemas['ObligationPhase'];
export type UpdateObligationPhaseRequest = Schemas['UpdateObligationPhaseRequest'];
export type CreateRegimeRequest = Schemas['CreateRegimeRequest'];

export function useRegimes(includeRetired = false) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.regimes.list(includeRetired),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/regimes', { params: { query: { include_retired: includeRetired } }, signal })).items,
  });
}

export function useObligations(caseId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.regimes.obligations(caseId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/cases/{id}/obligations', { params: { path: { id: caseId } }, signal })).items,
  });
}

/** useObligationChanged refreshes everything the case's nearest clock shows in. */
function useObligationChanged(caseId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.regimes.obligations(caseId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.cases.detail(caseId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.cases.timeline(caseId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.cases.lists });
    void queryClient.invalidateQueries({ queryKey: queryKeys.myWork });
  };
}

export function useAddObligation(caseId: string) {
  const { client } = useApi();
  const changed = useObligationChanged(caseId);
  return useMutation({
    mutationFn: async (regimeId: string) =>
      unwrap(
        await client.POST('/cases/{id}/obligations', {
          params: { path: { id: caseId } },
          body: { regime_id: regimeId },
        }),
      ),
    onSuccess: changed,
  });
}

export function useUpdatePhase(caseId: string, phaseId: string, version: number, onSaved: () => void) {
  const { client } = useApi();
  const changed = useObligationChanged(caseId);
  return useMutation({
    mutationFn: async (body: UpdateObligationPhaseRequest) =>
      unwrap(
        await client.PATCH('/obligation-phases/{id}', {
          params: { path: { id: phaseId }, header: { 'If-Match': `"${version}"` } },
          body,
        }),
      ),
    onSuccess: () => {
      changed();
      onSaved();
    },
    onError: (error) => {
      // Someone else recorded it first: read it again (the form shows the stale alert).
      if ((error as { status?: number }).status === 412) changed();
    },
  });
}

export function useCreateRegime(onSaved: () => void) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateRegimeRequest) => unwrap(await client.POST('/regimes', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.regimes.all });
      onSaved();
    },
  });
}

export function useRetireRegime() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ regime, retired }: { regime: Regime; retired: boolean }) =>
      unwrap(
        await client.PATCH('/regimes/{id}', {
          params: { path: { id: regime.id }, header: { 'If-Match': `"${regime.version}"` } },
          body: { retired },
        }),
      ),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.regimes.all }),
  });
}
