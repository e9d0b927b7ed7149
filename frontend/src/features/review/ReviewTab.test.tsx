import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderComponent } from '../../test/renderComponent';
import { CASE_ID, sampleCase, userWithRole } from '../../test/signedIn';
import type { Task } from '../tasks/types';
import { ReviewTab } from './ReviewTab';
import type { CaseReview } from './types';

const ANNA = '0190a5f0-0000-7000-8000-0000000000e1';

const review = (over: Partial<CaseReview> = {}): CaseReview => ({
  case_id: CASE_ID,
  written: false,
  what_happened: '',
  went_well: '',
  to_improve: '',
  follow_ups: [],
  completed_at: null,
  completed_by_id: null,
  reopened_at: null,
  reopened_by_id: null,
  reopen_reason: '',
  updated_by_id: null,
  updated_at: null,
  version: 0,
  ...over,
});

const followUp: Task = {
  id: '0190a5f0-0000-7000-8000-0000000000a9',
  case_id: CASE_ID,
  title: 'Roll out MFA',
  description: '',
  group: 'Follow-up',
  assignee_id: ANNA,
  due_at: '2026-04-01T09:00:00Z',
  status: 'todo',
  checklist: [],
  checklist_done: 0,
  overdue: false,
  created_by_id: ANNA,
  version: 1,
  created_at: '2026-03-01T10:00:00Z',
  updated_at: '2026-03-01T10:00:00Z',
};

function server(r: CaseReview) {
  return new FakeServer()
    .on(`GET /cases/${CASE_ID}/review`, () => json(200, r))
    .on(`GET /cases/${CASE_ID}/phases`, () =>
      json(200, {
        detected_at: '2026-03-01T08:00:00Z',
        aware_at: '2026-03-01T09:00:00Z',
        contained_at: '2026-03-02T08:00:00Z',
        closed_at: null,
        to_awareness_seconds: 3600,
        to_containment_seconds: 86400,
        to_closure_seconds: null,
        downtime: [],
        generated_at: '2026-03-03T08:00:00Z',
      }),
    )
    .on(`GET /cases/${CASE_ID}/people`, () => json(200, { items: [{ id: ANNA, name: 'Anna Nowak' }] }))
    .on('GET /assignees', () =>
      json(200, {
        items: [{ id: ANNA, name: 'Anna Nowak', email: 'anna@example.org', role: 'responder' }],
        next_cursor: null,
      }),
    );
}

describe('ReviewTab', () => {
  it('refuses to write a review on a case still being handled, and shows the phase durations', async () => {
    renderComponent(<ReviewTab c={sampleCase({ status: 'investigating' })} canEdit />, server(review()));
    expect(
      await screen.findByText('A review can be written once the case is recovering or closed.'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Time to containment')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Write the review' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mark complete' })).not.toBeInTheDocument();
  });

  it('writes a first review with a follow-up action, without If-Match, and puts server errors on their fields', async () => {
    const user = userEvent.setup();
    const s = server(review());
    let calls = 0;
    s.on(`PUT /cases/${CASE_ID}/review`, () => {
      calls++;
      if (calls === 1)
        return problem(422, 'Unprocessable Entity', {
          errors: [{ field: 'follow_ups.0.due_at', message: 'Due must not be before the incident was detected.' }],
        });
      const saved = review({ written: true, version: 1, what_happened: 'Phished', follow_ups: [followUp] });
      s.on(`GET /cases/${CASE_ID}/review`, () => json(200, saved));
      return json(200, saved, { ETag: '"1"' });
    });
    renderComponent(<ReviewTab c={sampleCase({ status: 'recovering' })} canEdit />, s, {
      user: userWithRole('responder'),
    });
    const form = await screen.findByRole('form', { name: 'Write the review' });
    await user.type(within(form).getByLabelText('What happened'), 'Phished');
    await user.click(within(form).getByRole('button', { name: 'Add a follow-up action' }));
    await user.type(within(form).getByRole('textbox', { name: 'Title' }), 'Roll out MFA');
    await user.click(within(form).getByLabelText(/^Assignee/));
    await user.click(await screen.findByRole('option', { name: 'Anna Nowak', hidden: true }));
    fireEvent.change(within(form).getByLabelText(/^Due/), { target: { value: '2026-04-01T09:00' } });
    await user.click(within(form).getByRole('button', { name: 'Save the review' }));
    expect(await within(form).findByText('Due must not be before the incident was detected.')).toBeInTheDocument();
    const first = s.calls.find((c) => c.method === 'PUT');
    expect(first?.ifMatch).toBeNull();
    expect(first?.body).toMatchObject({
      what_happened: 'Phished',
      follow_ups: [{ title: 'Roll out MFA', assignee_id: ANNA }],
    });
    expect((first?.body as { follow_ups: { due_at: string }[] }).follow_ups[0]?.due_at).toMatch(
      /^2026-04-01T\d\d:00:00(\.000)?Z$/,
    );

    await user.click(within(form).getByRole('button', { name: 'Save the review' }));
    await waitFor(() => expect(calls).toBe(2));
    expect(await screen.findByRole('listitem', { name: 'Roll out MFA' })).toBeInTheDocument();
  }, 30_000);

  it('shows a complete review read-only to a department head, and lets a responder reopen it with a reason', async () => {
    const done = review({
      written: true,
      version: 4,
      what_happened: 'A stolen password.',
      went_well: 'Quick detection.',
      to_improve: 'MFA.',
      follow_ups: [followUp],
      completed_at: '2026-03-05T10:00:00Z',
      completed_by_id: ANNA,
    });
    const { unmount } = renderComponent(
      <ReviewTab c={sampleCase({ status: 'closed' })} canEdit={false} />,
      server(done),
      {
        user: userWithRole('department_head'),
      },
    );
    expect(await screen.findByText('A stolen password.')).toBeInTheDocument();
    expect(screen.getByText(/by Anna Nowak/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reopen the review' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /Status of/ })).not.toBeInTheDocument();
    unmount();

    const user = userEvent.setup();
    const s = server(done).on(`POST /cases/${CASE_ID}/review/reopen`, (call) =>
      (call.body as { reason: string }).reason.trim() === ''
        ? problem(422, 'Unprocessable Entity', {
            errors: [{ field: 'reason', message: 'Reason is required (at most 1000 characters).' }],
          })
        : json(200, { ...done, completed_at: null, completed_by_id: null, version: 5 }),
    );
    renderComponent(<ReviewTab c={sampleCase({ status: 'closed' })} canEdit />, s, { user: userWithRole('responder') });
    await user.click(await screen.findByRole('button', { name: 'Reopen the review' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Reopen the review' }));
    expect(await within(dialog).findByText(/Reason is required/)).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/^Reason/), 'The supplier report arrived');
    await user.click(within(dialog).getByRole('button', { name: 'Reopen the review' }));
    await waitFor(() => expect(s.count(`POST /cases/${CASE_ID}/review/reopen`)).toBe(2));
    const call = s.calls.filter((c) => c.path.endsWith('/review/reopen')).at(-1);
    expect(call?.ifMatch).toBe('"4"');
    expect(call?.body).toEqual({ reason: 'The supplier report arrived' });
  });
});
