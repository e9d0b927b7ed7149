// Reads and writes of a case's post-incident review. Every write refreshes the review, the case's
// tasks (follow-ups become tasks), the case, its timeline and My work.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { etagOf } from '../../api/types';
import type { CaseReview, SaveCaseReviewRequest } from './types';

export function useReview(caseId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.cases.review(caseId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/cases/{id}/review', { params: { path: { id: caseId } }, signal })),
  });
}

function useReviewChanged(caseId: string) {
  const queryClient = useQueryClient();
  return (next?: CaseReview) => {
    if (next) queryClient.setQueryData(queryKeys.cases.review(caseId), next);
    void queryClient.invalidateQueries({ queryKey: queryKeys.cases.review(caseId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.cases.tasks(caseId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.cases.detail(caseId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.cases.timeline(caseId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.myWork });
  };
}

interface Callbacks {
  onSaved?: () => void;
  onError?: (error: unknown) => void;
}

/** ifMatch is the header a write sends: none for the first save of a review not yet written. */
const ifMatch = (review: CaseReview) => (review.written ? { 'If-Match': etagOf(review.version) } : {});

/** useSaveReview writes the review and its new follow-ups; a 412 reloads it. */
export function useSaveReview(caseId: string, { onSaved, onError }: Callbacks = {}) {
  const { client } = useApi();
  const changed = useReviewChanged(caseId);
  return useMutation({
    mutationFn: async ({ review, body }: { review: CaseReview; body: SaveCaseReviewRequest }) =>
      unwrap(
        await client.PUT('/cases/{id}/review', { params: { path: { id: caseId }, header: ifMatch(review) }, body }),
      ),
    onSuccess: (next) => {
      changed(next);
      onSaved?.();
    },
    onError: (error) => {
      changed();
      onError?.(error);
    },
  });
}

export function useCompleteReview(caseId: string, { onSaved, onError }: Callbacks = {}) {
  const { client } = useApi();
  const changed = useReviewChanged(caseId);
  return useMutation({
    mutationFn: async (review: CaseReview) =>
      unwrap(
        await client.POST('/cases/{id}/review/complete', {
          params: { path: { id: caseId }, header: { 'If-Match': etagOf(review.version) } },
        }),
      ),
    onSuccess: (next) => {
      changed(next);
      onSaved?.();
    },
    onError: (error) => {
      changed();
      onError?.(error);
    },
  });
}

export function useReopenReview(caseId: string, { onSaved, onError }: Callbacks = {}) {
  const { client } = useApi();
  const changed = useReviewChanged(caseId);
  return useMutation({
    mutationFn: async ({ review, reason }: { review: CaseReview; reason: string }) =>
      unwrap(
        await client.POST('/cases/{id}/review/reopen', {
          params: { path: { id: caseId }, header: { 'If-Match': etagOf(review.version) } },
          body: { reason },
        }),
      ),
    onSuccess: (next) => {
      changed(next);
      onSaved?.();
    },
    onError: (error) => {
      changed();
      onError?.(error);
    },
  });
}
