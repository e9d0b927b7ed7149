// The playbook editor's rules that need no screen: the form's values from a playbook and back,
// offsets in hours or days, moving tasks, the server's field errors placed on the editor's fields,
// and what a playbook will add to a new case.
import type { Category, Severity } from '../../api/types';
import type { Playbook, PlaybookInput } from './types';

export type OffsetUnit = 'hours' | 'days';

/** An offset as the editor shows it: an amount (blank: no due date) in hours or days. */
export interface Offset {
  amount: number | '';
  unit: OffsetUnit;
}

export interface TaskValues {
  /** A stable key for React while tasks move; never sent. */
  key: string;
  title: string;
  description: string;
  group: string;
  due: Offset;
  /** One checklist item per line. */
  checklist: string;
}

export interface MilestoneValues {
  key: string;
  title: string;
  due: Offset;
}

export interface PlaybookValues {
  name: string;
  description: string;
  category: Category | null;
  severity: Severity;
  tasks: TaskValues[];
  milestones: MilestoneValues[];
}

/** The limits the server holds playbooks to. */
export const MAX_TASKS = 50;
export const MAX_MILESTONES = 20;
export const MAX_OFFSET_HOURS = 365 * 24;

let counter = 0;
const newKey = () => `k${++counter}`;

/** toOffset shows whole days in days and anything else in hours; null is no due date. */
export function toOffset(hours: number | null | undefined): Offset {
  if (hours === null || hours === undefined) return { amount: '', unit: 'hours' };
  if (hours > 0 && hours % 24 === 0) return { amount: hours / 24, unit: 'days' };
  return { amount: hours, unit: 'hours' };
}

/** offsetHours is an offset in hours, null when blank. */
export function offsetHours(o: Offset): number | null {
  if (o.amount === '') return null;
  return o.unit === 'days' ? o.amount * 24 : o.amount;
}

export const blankTask = (): TaskValues => ({
  key: newKey(),
  title: '',
  description: '',
  group: '',
  due: { amount: '', unit: 'hours' },
  checklist: '',
});

export const blankMilestone = (): MilestoneValues => ({ key: newKey(), title: '', due: { amount: 1, unit: 'days' } });

/** valuesOf is a playbook as the editor's values; null starts a new one. */
export function valuesOf(p: Playbook | null): PlaybookValues {
  if (!p)
    return { name: '', description: '', category: null, severity: 'medium', tasks: [blankTask()], milestones: [] };
  return {
    name: p.name,
    description: p.description,
    category: p.category,
    severity: p.severity,
    tasks: p.tasks.map((t) => ({
      key: newKey(),
      title: t.title,
      description: t.description ?? '',
      group: t.group ?? '',
      due: toOffset(t.due_offset_hours),
      checklist: (t.checklist ?? []).join('\n'),
    })),
    milestones: p.milestones.map((m) => ({ key: newKey(), title: m.title, due: toOffset(m.due_offset_hours) })),
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** inputOf is the body the editor's values send. A blank category goes as '' for the server to name. */
export function inputOf(v: PlaybookValues): PlaybookInput {
  return {
    name: v.name.trim(),
    description: v.description.trim(),
    category: (v.category ?? '') as Category,
    severity: v.severity,
    tasks: v.tasks.map((t) => ({
      title: t.title.trim(),
      description: t.description.trim(),
      group: t.group.trim(),
      due_offset_hours: offsetHours(t.due),
      checklist: lines(t.checklist),
    })),
    milestones: v.milestones.map((m) => ({ title: m.title.trim(), due_offset_hours: offsetHours(m.due) ?? 0 })),
  };
}

/** move returns list with item i moved by `by` places (kept within the list). */
export function move<T>(list: readonly T[], i: number, by: number): T[] {
  const j = Math.max(0, Math.min(list.length - 1, i + by));
  const out = [...list];
  const [item] = out.splice(i, 1);
  if (item === undefined) return out;
  out.splice(j, 0, item);
  return out;
}

/**
 * editorField is where the editor shows a server field error: the same path, except that an
 * offset in hours is shown on the offset's amount ("tasks.2.due_offset_hours" → "tasks.2.due.amount").
 */
export function editorField(serverField: string): string {
  return serverField.replace(/\.due_offset_hours$/, '.due.amount');
}

/** fieldOrder lists the editor's fields in the order they are shown, for focusing the first error. */
export function fieldOrder(v: PlaybookValues): string[] {
  return [
    'name',
    'description',
    'category',
    'severity',
    'tasks',
    ...v.tasks.flatMap((_, i) => [
      `tasks.${i}.title`,
      `tasks.${i}.group`,
      `tasks.${i}.due.amount`,
      `tasks.${i}.description`,
      `tasks.${i}.checklist`,
    ]),
    'milestones',
    ...v.milestones.flatMap((_, i) => [`milestones.${i}.title`, `milestones.${i}.due.amount`]),
  ];
}

/** validatePlaybook makes the server's obvious checks, so they show with its answer in the same round. */
export function validatePlaybook(v: PlaybookValues): Record<string, string> {
  const e: Record<string, string> = {};
  if (v.name.trim() === '') e.name = 'Name is required.';
  if (!v.category) e.category = 'Category is required.';
  if (v.tasks.length > MAX_TASKS) e.tasks = `A playbook holds at most ${MAX_TASKS} tasks.`;
  v.tasks.forEach((t, i) => {
    if (t.title.trim() === '') e[`tasks.${i}.title`] = 'Title is required.';
    const h = offsetHours(t.due);
    if (h !== null && (h < 0 || h > MAX_OFFSET_HOURS))
      e[`tasks.${i}.due.amount`] = 'Due must be within a year of the start.';
  });
  if (v.milestones.length > MAX_MILESTONES) e.milestones = `A plan holds at most ${MAX_MILESTONES} milestones.`;
  v.milestones.forEach((m, i) => {
    if (m.title.trim() === '') e[`milestones.${i}.title`] = 'Title is required.';
    const h = offsetHours(m.due);
    if (h === null) e[`milestones.${i}.due.amount`] = 'Due is required.';
    else if (h < 0 || h > MAX_OFFSET_HOURS) e[`milestones.${i}.due.amount`] = 'Due must be within a year of the start.';
  });
  return e;
}

/** offsetWords says an offset in words: "4 hours", "2 days", "at once". */
export function offsetWords(hours: number): string {
  if (hours === 0) return 'at once';
  const { amount, unit } = toOffset(hours);
  const n = amount === '' ? 0 : amount;
  return `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
}

/** dueFrom is when a task offset after start falls due, as an ISO time; null without a start or an offset. */
export function dueFrom(startIso: string | undefined, hours: number | null | undefined): string | null {
  if (!startIso || hours === null || hours === undefined) return null;
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) return null;
  return new Date(start + hours * 3_600_000).toISOString();
}

/** summary says what a playbook adds to a case, in one line. */
export function summary(p: Pick<Playbook, 'tasks' | 'milestones'>): string {
  const groups = new Set(p.tasks.map((t) => t.group ?? '').filter((g) => g !== '')).size;
  const tasks = `${p.tasks.length} ${p.tasks.length === 1 ? 'task' : 'tasks'}`;
  const inGroups = groups > 0 ? ` in ${groups} ${groups === 1 ? 'group' : 'groups'}` : '';
  const plan =
    p.milestones.length > 0
      ? `, and a suspension plan of ${p.milestones.length} ${p.milestones.length === 1 ? 'milestone' : 'milestones'}`
      : '';
  return `${tasks}${inGroups}${plan}`;
}
