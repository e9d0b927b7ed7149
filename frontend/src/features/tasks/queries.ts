// Reads and writes of a case's tasks. Every write refreshes the list, the case (its closing
// blockers), its timeline and My work.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { etagOf } from '../../api/types';
import type { CreateTaskRequest, Task, UpdateTaskRequest } from './types';

export function useTasks(caseId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.cases.tasks(caseId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/cases/{id}/tasks', { params: { path: { id: caseId } }, signal })).items,
  });
}

function useTasksChanged(caseId: string) {
  const queryClient = useQueryClient();
  return () => {
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

export function useCreateTask(caseId: string, { onSaved, onError }: Callbacks = {}) {
  const { client } = useApi();
  const changed = useTasksChanged(caseId);
  return useMutation({
    mutationFn: async (body: CreateTaskRequest) =>
      unwrap(await client.POST('/cases/{id}/tasks', { params: { path: { id: caseId } }, body })),
    onSuccess: () => {
      changed();
      onSaved?.();
    },
    onError: (error) => onError?.(error),
  });
}

/** useUpdateTask sends a PATCH with the task's version as read; a 412 reloads the list. */
export function useUpdateTask(caseId: string, { onSaved, onError }: Callbacks = {}) {
  const { client } = useApi();
  const changed = useTasksChanged(caseId);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ task, body }: { task: Task; body: UpdateTaskRequest }) =>
      unwrap(
        await client.PATCH('/tasks/{id}', {
          params: { path: { id: task.id }, header: { 'If-Match': etagOf(task.version) } },
          body,
        }),
      ),
    onSuccess: (next) => {
      queryClient.setQueryData<Task[]>(queryKeys.cases.tasks(caseId), (old) =>
        old?.map((t) => (t.id === next.id ? next : t)),
      );
      changed();
      onSaved?.();
    },
    onError: (error) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.cases.tasks(caseId) });
      onError?.(error);
    },
  });
}
