import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../test/signedIn';
import type { Playbook } from '../playbooks/types';

const admin = userWithRole('admin', { name: 'Ada Admin', email: 'ada@example.org' });

const ransomware: Playbook = {
  id: '01900000-0000-7000-8000-0000000000aa',
  version: 3,
  current_version: 3,
  builtin: false,
  retired_at: null,
  name: 'Ransomware',
  description: '',
  category: 'malware',
  severity: 'critical',
  tasks: [
    { title: 'Isolate hosts', description: '', group: 'Containment', due_offset_hours: 4, checklist: [] },
    { title: 'Tell the DPO', description: '', group: 'Notification', due_offset_hours: 48, checklist: ['Call'] },
  ],
  milestones: [],
  created_by_id: null,
  created_at: '2026-12-01T00:00:00Z',
};

describe('the playbooks screen', () => {
  it('lists the playbooks with what each adds', async () => {
    const server = new FakeServer().on('GET /playbooks', () => json(200, { items: [ransomware] }));
    renderSignedIn('/admin/playbooks', server, admin);
    const table = await screen.findByRole('table', { name: 'Playbooks' });
    expect(within(table).getByText('Ransomware')).toBeInTheDocument();
    expect(within(table).getByText('2 tasks in 2 groups')).toBeInTheDocument();
  });

  it('says so when there are none', async () => {
    const server = new FakeServer().on('GET /playbooks', () => json(200, { items: [] }));
    renderSignedIn('/admin/playbooks', server, admin);
    expect(await screen.findByText('No playbooks')).toBeInTheDocument();
  });

  it('edits the task list and saves it with If-Match; an offset the server refuses shows on its task', async () => {
    const server = new FakeServer()
      .on('GET /playbooks', () => json(200, { items: [ransomware] }))
      .on(`PUT /playbooks/${ransomware.id}`, () =>
        problem(422, 'Unprocessable Entity', {
          detail: 'the playbook is not valid',
          errors: [{ field: 'tasks.0.due_offset_hours', message: 'must be between 0 and 8760 hours' }],
        }),
      );
    renderSignedIn('/admin/playbooks', server, admin);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit Ransomware' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Ransomware' });

    await user.click(within(dialog).getByRole('button', { name: 'Add task' }));
    const third = within(dialog).getByRole('region', { name: 'Task 3' });
    await user.type(within(third).getByLabelText(/^Title/), 'Restore backups');
    await user.type(within(third).getByRole('textbox', { name: 'Due after start' }), '3');
    await user.click(within(third).getByRole('button', { name: 'Move task 3 up' }));
    await user.click(within(dialog).getByRole('button', { name: 'Move task 2 up' }));
    await user.click(within(dialog).getByRole('button', { name: 'Remove task 3' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save as version 4' }));

    const put = await waitFor(() => {
      const call = server.calls.find((c) => c.method === 'PUT');
      expect(call).toBeDefined();
      return call;
    });
    expect(put?.ifMatch).toBe('"3"');
    expect(put?.body).toEqual({
      name: 'Ransomware',
      description: '',
      category: 'malware',
      severity: 'critical',
      tasks: [
        { title: 'Restore backups', description: '', group: '', due_offset_hours: 3, checklist: [] },
        { title: 'Isolate hosts', description: '', group: 'Containment', due_offset_hours: 4, checklist: [] },
      ],
      milestones: [],
    });
    const first = within(dialog).getByRole('region', { name: 'Task 1' });
    const amount = within(first).getByRole('textbox', { name: 'Due after start' });
    await waitFor(() => expect(amount).toHaveAccessibleDescription(/must be between 0 and 8760 hours/));
    expect(within(dialog).getByText(/1 field needs attention/)).toBeInTheDocument();
  });
});
