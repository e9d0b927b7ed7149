import { describe, expect, it } from 'vitest';

import {
  blankTask,
  dueFrom,
  editorField,
  fieldOrder,
  inputOf,
  move,
  offsetHours,
  offsetWords,
  summary,
  toOffset,
  validatePlaybook,
  valuesOf,
} from './playbookLogic';
import type { Playbook } from './types';

const playbook: Playbook = {
  id: 'p1',
  version: 2,
  current_version: 2,
  builtin: false,
  retired_at: null,
  name: 'Ransomware',
  description: 'When files are encrypted',
  category: 'malware',
  severity: 'critical',
  tasks: [
    {
      title: 'Isolate hosts',
      description: '',
      group: 'Containment',
      due_offset_hours: 4,
      checklist: ['Unplug', 'Disable Wi-Fi'],
    },
    { title: 'Tell the DPO', description: 'Within a day', group: 'Notification', due_offset_hours: 48, checklist: [] },
    { title: 'Lessons learnt', group: '', due_offset_hours: null },
  ],
  milestones: [{ title: 'Security review', due_offset_hours: 72 }],
  created_by_id: null,
  created_at: '2026-12-01T00:00:00Z',
};

describe('offsets', () => {
  it('shows whole days in days, anything else in hours, and none as blank', () => {
    expect(toOffset(48)).toEqual({ amount: 2, unit: 'days' });
    expect(toOffset(4)).toEqual({ amount: 4, unit: 'hours' });
    expect(toOffset(0)).toEqual({ amount: 0, unit: 'hours' });
    expect(toOffset(null)).toEqual({ amount: '', unit: 'hours' });
  });
  it('sends days as hours, and a blank offset as null', () => {
    expect(offsetHours({ amount: 3, unit: 'days' })).toBe(72);
    expect(offsetHours({ amount: 5, unit: 'hours' })).toBe(5);
    expect(offsetHours({ amount: '', unit: 'days' })).toBeNull();
  });
  it('says offsets in words', () => {
    expect(offsetWords(0)).toBe('at once');
    expect(offsetWords(1)).toBe('1 hour');
    expect(offsetWords(24)).toBe('1 day');
    expect(offsetWords(240)).toBe('10 days');
  });
  it('counts a due date from the start, and none without a start or an offset', () => {
    expect(dueFrom('2026-12-05T11:00:00Z', 48)).toBe('2026-12-07T11:00:00.000Z');
    expect(dueFrom(undefined, 48)).toBeNull();
    expect(dueFrom('2026-12-05T11:00:00Z', null)).toBeNull();
  });
});

describe('the editor values', () => {
  it('round-trip a playbook to the same body', () => {
    const body = inputOf(valuesOf(playbook));
    expect(body).toEqual({
      name: 'Ransomware',
      description: 'When files are encrypted',
      category: 'malware',
      severity: 'critical',
      tasks: [
        {
          title: 'Isolate hosts',
          description: '',
          group: 'Containment',
          due_offset_hours: 4,
          checklist: ['Unplug', 'Disable Wi-Fi'],
        },
        {
          title: 'Tell the DPO',
          description: 'Within a day',
          group: 'Notification',
          due_offset_hours: 48,
          checklist: [],
        },
        { title: 'Lessons learnt', description: '', group: '', due_offset_hours: null, checklist: [] },
      ],
      milestones: [{ title: 'Security review', due_offset_hours: 72 }],
    });
  });
  it('trim what people type and drop blank checklist lines', () => {
    const v = valuesOf(null);
    v.name = '  Lost laptop ';
    v.category = 'data_leak';
    v.tasks = [
      { ...blankTask(), title: ' Wipe it ', checklist: 'Find it\n\n  Wipe it  \n', due: { amount: 1, unit: 'days' } },
    ];
    const body = inputOf(v);
    expect(body.name).toBe('Lost laptop');
    expect(body.tasks[0]).toEqual({
      title: 'Wipe it',
      description: '',
      group: '',
      due_offset_hours: 24,
      checklist: ['Find it', 'Wipe it'],
    });
  });
  it('start a new playbook with one blank task and no plan', () => {
    const v = valuesOf(null);
    expect(v.tasks).toHaveLength(1);
    expect(v.milestones).toEqual([]);
    expect(v.category).toBeNull();
  });
});

describe('reordering', () => {
  it('moves a task up and down, and keeps it within the list', () => {
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('validation and errors', () => {
  it('names every blank title and out-of-range offset at once', () => {
    const v = valuesOf(playbook);
    v.name = ' ';
    v.tasks[1]!.title = '';
    v.tasks[2]!.due = { amount: 400, unit: 'days' };
    v.milestones[0]!.title = '';
    expect(Object.keys(validatePlaybook(v)).sort()).toEqual([
      'milestones.0.title',
      'name',
      'tasks.1.title',
      'tasks.2.due.amount',
    ]);
  });
  it("puts the server's offset errors on the offset's amount", () => {
    expect(editorField('tasks.3.due_offset_hours')).toBe('tasks.3.due.amount');
    expect(editorField('milestones.0.due_offset_hours')).toBe('milestones.0.due.amount');
    expect(editorField('tasks.1.title')).toBe('tasks.1.title');
  });
  it('orders the fields as shown, task by task', () => {
    const order = fieldOrder(valuesOf(playbook));
    expect(order.indexOf('tasks.0.checklist')).toBeLessThan(order.indexOf('tasks.1.title'));
    expect(order.at(-1)).toBe('milestones.0.due.amount');
  });
});

describe('summary', () => {
  it('says what a playbook adds', () => {
    expect(summary(playbook)).toBe('3 tasks in 2 groups, and a suspension plan of 1 milestone');
    expect(summary({ tasks: [{ title: 'One' }], milestones: [] })).toBe('1 task');
  });
});
