import { describe, expect, it } from 'vitest';

import type { Assignee } from '../../api/types';
import { configureDates, toLocalInput } from '../../components/dates';
import {
  assigneeOptions,
  changedTask,
  closableCancellingTasks,
  createBody,
  groupTasks,
  NO_GROUP,
  progress,
  taskAssignees,
  taskValues,
  toggled,
} from './taskLogic';
import type { Task } from './types';

const task = (over: Partial<Task>): Task => ({
  id: over.id ?? 't1',
  case_id: 'c1',
  title: 'Take images',
  description: '',
  group: '',
  assignee_id: null,
  due_at: null,
  status: 'todo',
  checklist: [],
  checklist_done: 0,
  overdue: false,
  created_by_id: 'u1',
  version: 1,
  created_at: '2026-03-01T10:00:00Z',
  updated_at: '2026-03-01T10:00:00Z',
  ...over,
});

describe('groupTasks', () => {
  it('keeps the server order within groups, counts open tasks and puts the ungrouped last', () => {
    const tasks = [
      task({ id: 'a', group: '' }),
      task({ id: 'b', group: 'Containment', status: 'done' }),
      task({ id: 'c', group: 'Containment' }),
      task({ id: 'd', group: 'Recovery', status: 'in_progress' }),
    ];
    const groups = groupTasks(tasks);
    expect(groups.map((g) => g.name)).toEqual(['Containment', 'Recovery', NO_GROUP]);
    expect(groups[0]?.tasks.map((t) => t.id)).toEqual(['b', 'c']);
    expect(groups.map((g) => g.open)).toEqual([1, 1, 1]);
  });
});

describe('progress', () => {
  it('says ticked out of all, and nothing without a checklist', () => {
    expect(progress([])).toBe('');
    expect(
      progress([
        { text: 'a', done: true },
        { text: 'b', done: false },
      ]),
    ).toBe('1/2');
  });
});

describe('taskAssignees', () => {
  const people: Assignee[] = [
    { id: 'admin', email: 'a@x.org', name: 'Ada', role: 'admin' },
    { id: 'owner', email: 'o@x.org', name: 'Olu', role: 'responder' },
    { id: 'member', email: 'm@x.org', name: 'Mia', role: 'responder' },
    { id: 'other', email: 'z@x.org', name: 'Zed', role: 'responder' },
  ];
  it('offers everyone on an open case', () => {
    expect(taskAssignees(people, { restricted: false, owner_id: 'owner', member_ids: [] })).toHaveLength(4);
  });
  it('offers only admins, the owner and members on a restricted case', () => {
    const ids = taskAssignees(people, { restricted: true, owner_id: 'owner', member_ids: ['member'] }).map((p) => p.id);
    expect(ids).toEqual(['admin', 'owner', 'member']);
  });
});

describe('assigneeOptions', () => {
  it('names people by name, and adds the email where two share a name', () => {
    const people: Assignee[] = [
      { id: '1', email: 'jan.k@x.org', name: 'Jan Kowalski', role: 'responder' },
      { id: '2', email: 'jan.kowalski@x.org', name: 'Jan Kowalski', role: 'admin' },
      { id: '3', email: 'ola@x.org', name: 'Ola Nowak', role: 'responder' },
      { id: '4', email: 'nameless@x.org', name: '', role: 'responder' },
    ];
    expect(assigneeOptions(people).map((o) => o.label)).toEqual([
      'Jan Kowalski (jan.k@x.org)',
      'Jan Kowalski (jan.kowalski@x.org)',
      'Ola Nowak',
      'nameless@x.org',
    ]);
  });
});

describe('task bodies', () => {
  it('sends only what changed, a due date read in the reader zone', () => {
    configureDates({ zone: 'Europe/Warsaw' });
    const t = task({ due_at: '2026-03-02T09:00:00Z', checklist: [{ text: 'Laptop', done: false }] });
    const v = taskValues(t);
    expect(v.due_at).toBe(toLocalInput('2026-03-02T09:00:00Z'));
    expect(changedTask(t, v)).toEqual({});
    v.due_at = '2026-03-03T10:00';
    v.checklist = [...v.checklist, { text: ' Server ', done: false }];
    expect(changedTask(t, v)).toEqual({
      due_at: '2026-03-03T09:00:00.000Z',
      checklist: [
        { text: 'Laptop', done: false },
        { text: 'Server', done: false },
      ],
    });
    configureDates({ zone: null });
  });
  it('creates with trimmed text and null for an empty due date', () => {
    const body = createBody({ ...taskValues(null), title: ' Rotate keys ', group: ' Containment ' });
    expect(body).toMatchObject({ title: 'Rotate keys', group: 'Containment', due_at: null, assignee_id: null });
  });
  it('toggles one checklist item', () => {
    const t = task({
      checklist: [
        { text: 'a', done: false },
        { text: 'b', done: true },
      ],
    });
    expect(toggled(t, 1)).toEqual([
      { text: 'a', done: false },
      { text: 'b', done: false },
    ]);
  });
});

describe('closableCancellingTasks', () => {
  it('is true only when open tasks are the one blocker', () => {
    expect(
      closableCancellingTasks({ status: 'contained', open_tasks: 2, closing_blockers: ['a task is still open'] }),
    ).toBe(true);
    expect(
      closableCancellingTasks({
        status: 'contained',
        open_tasks: 2,
        closing_blockers: ['a task is still open', 'breach'],
      }),
    ).toBe(false);
    expect(closableCancellingTasks({ status: 'contained', open_tasks: 0, closing_blockers: ['breach'] })).toBe(false);
  });
});
