import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderComponent } from '../../test/renderComponent';
import { CASE_ID, sampleCase, userWithRole } from '../../test/signedIn';
import { TasksTab } from './TasksTab';
import type { Task } from './types';

const task = (over: Partial<Task>): Task => ({
  id: '0190a5f0-0000-7000-8000-0000000000a1',
  case_id: CASE_ID,
  title: 'Take forensic images',
  description: '',
  group: 'Containment',
  assignee_id: null,
  due_at: '2026-03-02T09:00:00Z',
  status: 'todo',
  checklist: [
    { text: 'Disk', done: true },
    { text: 'Memory', done: false },
  ],
  checklist_done: 1,
  overdue: true,
  created_by_id: 'u1',
  version: 3,
  created_at: '2026-03-01T10:00:00Z',
  updated_at: '2026-03-01T10:00:00Z',
  ...over,
});

function server(tasks: Task[]) {
  return new FakeServer()
    .on(`GET /cases/${CASE_ID}/tasks`, () => json(200, { items: tasks }))
    .on(`GET /cases/${CASE_ID}/people`, () => json(200, { items: [] }))
    .on('GET /assignees', () => json(200, { items: [], next_cursor: null }));
}

describe('TasksTab', () => {
  it('groups the tasks, shows checklist progress and overdue, and ticks an item with the version read', async () => {
    const s = server([
      task({}),
      task({
        id: '0190a5f0-0000-7000-8000-0000000000a2',
        title: 'Tell staff',
        group: '',
        checklist: [],
        overdue: false,
      }),
    ]);
    s.on('PATCH /tasks/0190a5f0-0000-7000-8000-0000000000a1', (call) =>
      json(200, { ...task({}), checklist: (call.body as { checklist: Task['checklist'] }).checklist, version: 4 }),
    );
    renderComponent(<TasksTab c={sampleCase()} canEdit />, s);
    const containment = await screen.findByRole('region', { name: 'Containment' });
    expect(within(containment).getByText('1/2')).toBeInTheDocument();
    expect(within(containment).getByText('Overdue')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Other tasks' })).toHaveTextContent('Tell staff');
    expect(screen.getByText('2 open of 2')).toBeInTheDocument();

    await userEvent.click(within(containment).getByRole('checkbox', { name: 'Memory' }));
    await waitFor(() => expect(s.count('PATCH /tasks/0190a5f0-0000-7000-8000-0000000000a1')).toBe(1));
    const call = s.calls.find((c) => c.method === 'PATCH');
    expect(call?.ifMatch).toBe('"3"');
    expect(call?.body).toEqual({
      checklist: [
        { text: 'Disk', done: true },
        { text: 'Memory', done: true },
      ],
    });
  });

  it('is read-only on a closed case: no new task, no status control, checklist locked', async () => {
    renderComponent(<TasksTab c={sampleCase({ status: 'closed' })} canEdit />, server([task({})]), {
      user: userWithRole('responder'),
    });
    expect(await screen.findByText(/The case is closed/)).toBeInTheDocument();
    expect(await screen.findByRole('checkbox', { name: 'Memory' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'New task' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /Status of/ })).not.toBeInTheDocument();
  });

  it('says what tasks are for when there are none, and shows a load error', async () => {
    const { unmount } = renderComponent(<TasksTab c={sampleCase()} canEdit />, server([]));
    expect(await screen.findByText('No tasks yet')).toBeInTheDocument();
    unmount();
    const failing = new FakeServer().on(`GET /cases/${CASE_ID}/tasks`, () => problem(500, 'Internal Server Error'));
    renderComponent(<TasksTab c={sampleCase()} canEdit={false} />, failing, { user: userWithRole('auditor') });
    expect(await screen.findByText('The tasks could not be loaded')).toBeInTheDocument();
  });
});
