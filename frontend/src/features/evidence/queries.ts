// Reads and writes of a case's evidence. Every write refreshes the item list, the item's
// chain of custody and the case's timeline (which shows evidence events).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { useApi } from '../../api/context';
import { toApiError, unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { filenameFromDisposition, safeFileName } from '../../components/download';
import type { CreateCustodyRequest, Evidence } from './types';
import { uploadEvidence, type UploadFields, type UploadProgress } from './upload';

function useRefresh(caseId: string) {
  const queryClient = useQueryClient();
  return (evidenceId?: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.evidence.list(caseId) }),
      evidenceId ? queryClient.invalidateQueries({ queryKey: queryKeys.evidence.custody(evidenceId) }) : null,
      queryClient.invalidateQueries({ queryKey: queryKeys.cases.timeline(caseId) }),
    ]);
}

export function useCaseEvidence(caseId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.evidence.list(caseId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/cases/{id}/evidence', { params: { path: { id: caseId } }, signal })).items,
  });
}

export function useCustody(evidenceId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.evidence.custody(evidenceId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/evidence/{id}/custody', { params: { path: { id: evidenceId } }, signal })).items,
  });
}

/** useUpload sends an item with its file and keeps the upload's progress (0–1, null when idle). */
export function useUpload(caseId: string, onError?: (error: Error) => void) {
  const api = useApi();
  const refresh = useRefresh(caseId);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const mutation = useMutation({
    mutationFn: ({ fields, signal }: { fields: UploadFields; signal: AbortSignal }) =>
      uploadEvidence(api, caseId, fields, { signal, onProgress: setProgress }),
    onMutate: () => setProgress({ loaded: 0, total: 0 }),
    onSettled: () => setProgress(null),
    onSuccess: (item: Evidence) => refresh(item.id),
    onError,
  });
  return { ...mutation, progress };
}

/** useRecordCustody adds to the chain; onError runs with the form as it is when the answer comes. */
export function useRecordCustody(caseId: string, evidenceId: string, onError?: (error: Error) => void) {
  const { client } = useApi();
  const refresh = useRefresh(caseId);
  return useMutation({
    mutationFn: async (body: CreateCustodyRequest) =>
      unwrap(await client.POST('/evidence/{id}/custody', { params: { path: { id: evidenceId } }, body })),
    onSuccess: () => refresh(evidenceId),
    onError,
  });
}

export function useVerify(caseId: string, evidenceId: string) {
  const { client } = useApi();
  const refresh = useRefresh(caseId);
  return useMutation({
    mutationFn: async () =>
      unwrap(await client.POST('/evidence/{id}/verify', { params: { path: { id: evidenceId } } })),
    // A failed verification is recorded too (409 aside), so the chain is reloaded either way.
    onSettled: () => refresh(evidenceId),
  });
}

export interface Downloaded {
  blob: Blob;
  name: string;
  /** The server's X-Content-SHA256 (lowercase hex), when it sent one. */
  sha256: string | null;
}

/** useDownload fetches an item's bytes through the client (the download itself is recorded in the chain). */
export function useDownload(caseId: string, item: Evidence) {
  const { client } = useApi();
  const refresh = useRefresh(caseId);
  return useMutation({
    mutationFn: async (purpose: string): Promise<Downloaded> => {
      const trimmed = purpose.trim();
      const result = await client.GET('/evidence/{id}/content', {
        params: { path: { id: item.id }, query: trimmed ? { purpose: trimmed } : {} },
        parseAs: 'blob',
      });
      if (!result.response.ok || !result.data) throw toApiError(result.error, result.response);
      const headers = result.response.headers;
      return {
        blob: result.data,
        name: safeFileName(filenameFromDisposition(headers.get('Content-Disposition')) ?? item.file_name),
        sha256: headers.get('X-Content-SHA256')?.toLowerCase() ?? null,
      };
    },
    onSettled: () => refresh(item.id),
  });
}
