// The Tasks tab's rules that need no screen: grouping, progress, who may be assigned, and the
// PATCH body a form's values make.
import type { Assignee, Case } from '../../api/types';
import { fromLocalInput, toLocalInput } from '../../components/dates';
import type { ChecklistItem, Task, TaskStatus, UpdateTaskRequest } from './types';

export const statusLabels: Record<TaskStatus, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const statusColors: Record<TaskStatus, string> = {
  todo: 'gray',
  in_progress: 'blue',
  done: 'teal',
  cancelled: 'dark',
};

export const isOpen = (t: { status: TaskStatus }) => t.status === 'todo' || t.status === 'in_progress';

/** The name shown for tasks without a group. */
export const NO_GROUP = 'Other tasks';

export interface TaskGroup {
  name: string;
  tasks: Task[];
  open: number;
}

/**
 * groupTasks keeps the server's order (group, soonest due, oldest) and gathers the tasks of each
 * group, the ungrouped ones last.
 */
export function groupTasks(tasks: Task[]): TaskGroup[] {
  const groups = new Map<string, Task[]>();
  for (const t of tasks) {
    const list = groups.get(t.group) ?? [];
    list.push(t);
    groups.set(t.group, list);
  }
  const keys = [...groups.keys()].filter((k) => k !== '');
  if (groups.has('')) keys.push('');
  return keys.map((k) => {
    const list = groups.get(k) ?? [];
    return { name: k || NO_GROUP, tasks: list, open: list.filter(isOpen).length };
  });
}

/** progress is a checklist's ticked items out of all, "2/5"; empty when there is no checklist. */
export function progress(items: ChecklistItem[]): string {
  if (items.length === 0) return '';
  return `${items.filter((i) => i.done).length}/${items.length}`;
}

/**
 * taskAssignees are the accounts a task may go to: enabled admins and responders (GET
 * /assignees) who may see the case; on a restricted case, the admins, its owner and its members.
 */
export function taskAssignees(
  assignees: Assignee[],
  c: Pick<Case, 'restricted' | 'owner_id' | 'member_ids'>,
): Assignee[] {
  if (!c.restricted) return assignees;
  return assignees.filter((a) => a.role === 'admin' || a.id === c.owner_id || c.member_ids.includes(a.id));
}

/**
 * assigneeOptions is the assignee picker's choices. Two people may share a name (two Jan Kowalskis in
 * one organisation), so a name that repeats carries its email, and the choice is never a guess.
 */
export function assigneeOptions(assignees: Assignee[]): { value: string; label: string }[] {
  const seen = new Map<string, number>();
  for (const a of assignees) seen.set(a.name, (seen.get(a.name) ?? 0) + 1);
  return assignees.map((a) => ({
    value: a.id,
    label: !a.name ? a.email : (seen.get(a.name) ?? 0) > 1 ? `${a.name} (${a.email})` : a.name,
  }));
}

export interface TaskValues {
  title: string;
  group: string;
  description: string;
  assignee_id: string | null;
  due_at: string; // datetime-local, in the reader's zone
  checklist: ChecklistItem[];
}

export function taskValues(t: Task | null): TaskValues {
  return {
    title: t?.title ?? '',
    group: t?.group ?? '',
    description: t?.description ?? '',
    assignee_id: t?.assignee_id ?? null,
    due_at: toLocalInput(t?.due_at),
    checklist: t ? t.checklist.map((i) => ({ ...i })) : [],
  };
}

const cleanList = (items: ChecklistItem[]) => items.map((i) => ({ text: i.text.trim(), done: i.done }));

/** createBody is the POST body of a new task's values. */
export function createBody(v: TaskValues) {
  return {
    title: v.title.trim(),
    group: v.group.trim(),
    description: v.description.trim(),
    assignee_id: v.assignee_id,
    due_at: fromLocalInput(v.due_at) ?? null,
    checklist: cleanList(v.checklist),
  };
}

/** changedTask is the PATCH body for an edited task: only what differs (a minute-only time left as shown is unchanged). */
export function changedTask(t: Task, v: TaskValues): UpdateTaskRequest {
  const body: UpdateTaskRequest = {};
  if (v.title.trim() !== t.title) body.title = v.title.trim();
  if (v.group.trim() !== t.group) body.group = v.group.trim();
  if (v.description.trim() !== t.description) body.description = v.description.trim();
  if (v.assignee_id !== (t.assignee_id ?? null)) body.assignee_id = v.assignee_id;
  if (v.due_at !== toLocalInput(t.due_at)) body.due_at = fromLocalInput(v.due_at) ?? null;
  const list = cleanList(v.checklist);
  if (JSON.stringify(list) !== JSON.stringify(t.checklist)) body.checklist = list;
  return body;
}

/** toggled is a task's checklist with item i ticked or unticked. */
export const toggled = (t: Task, i: number): ChecklistItem[] =>
  t.checklist.map((item, j) => (j === i ? { ...item, done: !item.done } : item));

/**
 * closableCancellingTasks tells whether open tasks are all that keep a case from closing: then
 * the closing may cancel them (open_tasks: cancel). The server counts them as one blocker.
 */
export const closableCancellingTasks = (c: Pick<Case, 'status' | 'open_tasks' | 'closing_blockers'>): boolean =>
  c.status !== 'closed' && (c.open_tasks ?? 0) > 0 && (c.closing_blockers ?? []).length === 1;

/** openTasksLabel names the choice a closing offers: "Cancel the 2 open tasks". */
export const openTasksLabel = (n: number): string => (n === 1 ? 'Cancel the open task' : `Cancel the ${n} open tasks`);
