// The writes of the Suspensions tab. Every change refreshes the case's suspensions, the
// dashboard, the service directory (a service's status follows its suspensions) and the
// case itself (its closing blockers and its timeline).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type {
  CreateMilestoneRequest,
  CreateSuspensionRequest,
  CreateSuspensionUpdateRequest,
  Milestone,
  MilestoneStatus,
  OpenMilestonesChoice,
  UpdateSuspensionRequest,
} from '../../components/restoration/types';

/** The case the tab belongs to, and who else wants to hear about its changes. */
export const SuspensionCaseContext = createContext<{ caseId: string; onChange?: () => void } | null>(null);

/**
 * FormError is a form's handler of a refused write, given to the hook (not to mutate) so that it
 * runs with the form as it is when the answer comes: its own findings of that round included.
 */
type FormError = (error: Error) => void;

/** ifMatch is the If-Match header for a resource read at version. */
export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

/**
 * useRefresh reloads what a change touches, without making the write wait for it: the form that
 * sent the write is cleared when the server answers, so what the user types while the reload (or a
 * live update) is still arriving is not wiped when it ends.
 */
function useRefresh() {
  const queryClient = useQueryClient();
  const owner = useContext(SuspensionCaseContext);
  return () => {
    owner?.onChange?.();
    const keys: readonly (readonly unknown[])[] = [
      queryKeys.restoration.all,
      queryKeys.services.all,
      ...(owner ? [queryKeys.cases.detail(owner.caseId), queryKeys.cases.timeline(owner.caseId)] : []),
    ];
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
}

export function useSuspendService(caseId: string, onError?: FormError) {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: CreateSuspensionRequest) =>
      unwrap(await client.POST('/cases/{id}/suspensions', { params: { path: { id: caseId } }, body })),
    onSuccess: refresh,
    onError,
  });
}

export function useUpdateSuspension(onError?: FormError) {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ id, version, body }: { id: string; version: number; body: UpdateSuspensionRequest }) =>
      unwrap(await client.PATCH('/suspensions/{id}', { params: { path: { id }, header: ifMatch(version) }, body })),
    onSettled: refresh,
    onError,
  });
}

export type EndAction = 'restore' | 'cancel';

export function useEndSuspension(onError?: FormError) {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({
      id,
      action,
      note,
      restoredAt,
      openMilestones = null,
    }: {
      id: string;
      action: EndAction;
      note: string;
      restoredAt: string | null;
      openMilestones?: OpenMilestonesChoice | null;
    }) => {
      const params = { path: { id } };
      const trimmed = note.trim();
      if (action === 'restore') {
        return unwrap(
          await client.POST('/suspensions/{id}/restore', {
            params,
            body: {
              ...(trimmed ? { note: trimmed } : {}),
              ...(restoredAt ? { restored_at: restoredAt } : {}),
              ...(openMilestones ? { open_milestones: openMilestones } : {}),
            },
          }),
        );
      }
      return unwrap(await client.POST('/suspensions/{id}/cancel', { params, body: trimmed ? { note: trimmed } : {} }));
    },
    onSuccess: refresh,
    onError,
  });
}

/** usePostUpdate posts a stakeholder update; one with a new expected date also re-plans the suspension. */
export function usePostUpdate(suspensionId: string, onError?: FormError) {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: CreateSuspensionUpdateRequest) =>
      unwrap(await client.POST('/suspensions/{id}/updates', { params: { path: { id: suspensionId } }, body })),
    onSuccess: refresh,
    onError,
  });
}

export function useAddMilestone(suspensionId: string, onError?: FormError) {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: CreateMilestoneRequest) =>
      unwrap(await client.POST('/suspensions/{id}/milestones', { params: { path: { id: suspensionId } }, body })),
    onSuccess: refresh,
    onError,
  });
}

export function useSetMilestoneStatus() {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ milestone, status }: { milestone: Milestone; status: MilestoneStatus }) =>
      unwrap(
        await client.PATCH('/milestones/{id}', {
          params: { path: { id: milestone.id }, header: ifMatch(milestone.version) },
          body: { status },
        }),
      ),
    // A refusal (412 above all) also reloads: the plan on screen is stale.
    onSettled: refresh,
  });
}

/** useMoveMilestone moves a milestone's due date; once it has a first (baseline) date, with a reason. */
export function useMoveMilestone(onError?: FormError) {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ milestone, dueAt, reason }: { milestone: Milestone; dueAt: string | null; reason?: string }) =>
      unwrap(
        await client.PATCH('/milestones/{id}', {
          params: { path: { id: milestone.id }, header: ifMatch(milestone.version) },
          body: { due_at: dueAt, ...(reason ? { replan_reason: reason } : {}) },
        }),
      ),
    onSettled: refresh,
    onError,
  });
}

export function useReorderMilestones(suspensionId: string) {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (milestoneIds: string[]) =>
      unwrap(
        await client.PUT('/suspensions/{id}/milestones/order', {
          params: { path: { id: suspensionId } },
          body: { milestone_ids: milestoneIds },
        }),
      ),
    onSettled: refresh,
  });
}

/** moved returns ids with the one at index moved by delta (−1 up, +1 down); null when it cannot move. */
export function moved(ids: string[], index: number, delta: -1 | 1): string[] | null {
  const target = index + delta;
  if (index < 0 || index >= ids.length || target < 0 || target >= ids.length) return null;
  const next = [...ids];
  const [item] = next.splice(index, 1);
  if (item === undefined) return null;
  next.splice(target, 0, item);
  return next;
}
