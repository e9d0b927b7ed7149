import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { Case } from '../../api/types';
import { FakeServer, json, problem, testUser } from '../../test/fakeServer';
import { pick } from '../../test/pick';
import { CASE_ID, caseResponse, renderSignedIn, sampleCase, userWithRole } from '../../test/signedIn';

const emptyTimeline = () => json(200, { items: [], next_cursor: null });

function caseServer(...versions: Case[]) {
  let reads = 0;
  return new FakeServer()
    .on(`GET /cases/${CASE_ID}`, () => caseResponse(versions[Math.min(reads++, versions.length - 1)] as Case))
    .on(`GET /cases/${CASE_ID}/timeline`, emptyTimeline);
}

describe('the case page', () => {
  it('shows the header with reference, status and the regulator countdown', async () => {
    renderSignedIn(`/cases/${CASE_ID}`, caseServer(sampleCase()));

    expect(await screen.findByRole('heading', { name: 'Suspicious logins on the payroll portal' })).toBeInTheDocument();
    expect(screen.getAllByText('INC-2026-0007').length).toBeGreaterThan(0);
    expect(screen.getByTestId('case-status')).toHaveTextContent('Triage');
    expect(screen.getAllByTestId('regulator-deadline')[0]).toHaveTextContent(/overdue by/);
    expect(screen.getByText('Ada Lovelace (you)')).toBeInTheDocument();
  });

  it('on 412 says someone else changed the case and shows the reloaded version', async () => {
    const theirs = sampleCase({ version: 2, title: 'Credential stuffing on the payroll portal', severity: 'critical' });
    const server = caseServer(sampleCase(), theirs).on(`PATCH /cases/${CASE_ID}`, () =>
      problem(412, 'Precondition Failed', { detail: 'case was changed by someone else: read it again and retry' }),
    );
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit details' }));
    const form = screen.getByRole('form', { name: 'Case details' });
    const title = within(form).getByLabelText(/Title/);
    await user.clear(title);
    await user.type(title, 'Mine');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Changed by someone else')).toBeInTheDocument();
    // The form starts again from the stored version, and the page shows it.
    await waitFor(() =>
      expect(within(screen.getByRole('form', { name: 'Case details' })).getByLabelText(/Title/)).toHaveValue(
        'Credential stuffing on the payroll portal',
      ),
    );
    expect(screen.getByRole('heading', { name: 'Credential stuffing on the payroll portal' })).toBeInTheDocument();
    const patch = server.calls.find((c) => c.method === 'PATCH');
    expect(patch?.ifMatch).toBe('"1"');
    expect(patch?.body).toEqual({ title: 'Mine' });
  });

  it("shows its own checks and the server's in one round: all at once, the first field focused, a summary", async () => {
    const server = caseServer(sampleCase()).on(`PATCH /cases/${CASE_ID}`, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [
          { field: 'title', message: 'Title is required.' },
          { field: 'data_subjects_estimate', message: 'Data subjects estimate cannot be negative.' },
        ],
      }),
    );
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit details' }));
    const form = screen.getByRole('form', { name: 'Case details' });
    await user.clear(within(form).getByLabelText(/^Title/));
    // A day before it was detected, in whatever zone the test runs.
    fireEvent.change(within(form).getByLabelText(/^Aware at/), { target: { value: '2026-03-01T08:00' } });
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    const title = within(form).getByLabelText(/^Title/);
    await waitFor(() => expect(title).toHaveFocus());
    expect(title).toHaveAccessibleDescription('Title is required.');
    expect(within(form).getByLabelText(/^Aware at/)).toHaveAccessibleDescription(
      /^Aware at cannot be before the time it was detected/,
    );
    // The server's finding is worded with the form's label.
    expect(within(form).getByLabelText(/^Data subjects/)).toHaveAccessibleDescription(
      'Data subjects (estimate) cannot be negative.',
    );
    expect(within(form).getByRole('alert')).toHaveTextContent('3 fields need attention. Nothing was saved.');
    // One request, with only what changed; the page still shows the stored case.
    expect(server.count(`PATCH /cases/${CASE_ID}`)).toBe(1);
    expect(Object.keys(server.calls.find((c) => c.method === 'PATCH')?.body as object).sort()).toEqual([
      'aware_at',
      'title',
    ]);
    expect(screen.getByRole('heading', { name: 'Suspicious logins on the payroll portal' })).toBeInTheDocument();

    // Editing a field clears its message.
    await user.type(title, 'Credential stuffing');
    expect(title).not.toHaveAccessibleDescription('Title is required.');
    expect(within(form).getByRole('alert')).toHaveTextContent('2 fields need attention.');
  });

  it('sends only the changed fields with the ETag and shows the saved case', async () => {
    const saved = sampleCase({ version: 2, breach_status: 'confirmed' });
    const server = caseServer(sampleCase()).on(`PATCH /cases/${CASE_ID}`, () => caseResponse(saved));
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit details' }));
    const form = screen.getByRole('form', { name: 'Case details' });
    await user.click(within(form).getByLabelText(/Breach status/));
    await user.click(await screen.findByRole('option', { name: 'Breach confirmed', hidden: true }));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(screen.queryByRole('form', { name: 'Case details' })).not.toBeInTheDocument());
    expect(server.calls.find((c) => c.method === 'PATCH')).toMatchObject({
      ifMatch: '"1"',
      body: { breach_status: 'confirmed' },
    });
  });

  it('hands a restricted case to a colleague, warning the responder who would lose access', async () => {
    const colleague = {
      id: '0190a5f0-0000-7000-8000-000000000002',
      email: 'grace@example.org',
      name: 'Grace Hopper',
      role: 'responder',
    };
    const me = { id: testUser.id, email: testUser.email, name: testUser.name, role: testUser.role };
    const restricted = sampleCase({ restricted: true });
    const server = caseServer(restricted)
      .on('GET /assignees', () => json(200, { items: [me, colleague], next_cursor: null }))
      .on(`PATCH /cases/${CASE_ID}`, () =>
        caseResponse(sampleCase({ version: 2, restricted: true, owner_id: colleague.id, member_ids: [me.id] })),
      );
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit details' }));
    const form = screen.getByRole('form', { name: 'Case details' });
    await pick(user, form, /^Owner/, 'Grace Hopper (grace@example.org)');
    expect(within(form).getByRole('alert')).toHaveTextContent('You will lose access to this case');

    await pick(user, form, /^Members/, 'Ada Lovelace (you)');
    expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(screen.queryByRole('form', { name: 'Case details' })).not.toBeInTheDocument());
    expect(server.calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      owner_id: colleague.id,
      member_ids: [me.id],
    });
  });

  it('locks who sees a restricted case for a member who is not its owner, and restricting for anyone but the owner', async () => {
    const owner = '0190a5f0-0000-7000-8000-000000000002';
    const server = caseServer(sampleCase({ restricted: true, owner_id: owner, member_ids: [testUser.id] }));
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit details' }));
    const form = screen.getByRole('form', { name: 'Case details' });
    expect(within(form).getByLabelText(/^Owner/)).toBeDisabled();
    expect(within(form).getByLabelText(/^Members/)).toBeDisabled();
    expect(within(form).getByRole('switch', { name: /Restricted/ })).toBeDisabled();
    expect(within(form).getByLabelText(/^Title/)).toBeEnabled();
  });

  it('lets a responder hand on an open case they do not own, but not restrict it', async () => {
    const server = caseServer(sampleCase({ restricted: false, owner_id: '0190a5f0-0000-7000-8000-000000000002' }));
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit details' }));
    const form = screen.getByRole('form', { name: 'Case details' });
    expect(within(form).getByLabelText(/^Owner/)).toBeEnabled();
    expect(within(form).getByRole('switch', { name: /Restricted/ })).toBeDisabled();
  });

  it('goes back to the case list once the responder has handed a restricted case away', async () => {
    const colleague = {
      id: '0190a5f0-0000-7000-8000-000000000002',
      email: 'grace@example.org',
      name: 'Grace Hopper',
      role: 'responder',
    };
    const server = caseServer(sampleCase({ restricted: true }))
      .on('GET /assignees', () => json(200, { items: [colleague], next_cursor: null }))
      .on('GET /cases', () => json(200, { items: [], next_cursor: null }))
      .on(`PATCH /cases/${CASE_ID}`, () =>
        caseResponse(sampleCase({ version: 2, restricted: true, owner_id: colleague.id })),
      );
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit details' }));
    const form = screen.getByRole('form', { name: 'Case details' });
    await pick(user, form, /^Owner/, 'Grace Hopper (grace@example.org)');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('heading', { name: 'Cases' })).toBeInTheDocument();
    expect(server.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ owner_id: colleague.id });
  });

  it('shows the unmet conditions when a move is refused with 409', async () => {
    const server = caseServer(
      sampleCase({ allowed_transitions: ['investigating', 'closed'], closing_blockers: [] }),
    ).on(`POST /cases/${CASE_ID}/transitions`, () =>
      problem(409, 'Conflict', {
        detail: 'the case cannot move from triage to closed now',
        allowed_moves: ['investigating'],
        unmet_conditions: ['a service is still suspended: restore or cancel every suspension'],
      }),
    );
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Change status' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Close the case', hidden: true }));
    await user.click(await screen.findByRole('button', { name: 'Close the case' }));

    expect(await screen.findByTestId('unmet-conditions')).toHaveTextContent(
      'a service is still suspended: restore or cancel every suspension',
    );
    expect(screen.getByText(/Open moves now: Investigating/)).toBeInTheDocument();
  });

  it("shows the server's finding on a move's note, keeping the dialog open", async () => {
    const server = caseServer(sampleCase()).on(`POST /cases/${CASE_ID}/transitions`, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [{ field: 'note', message: 'Note is not in the expected form.' }],
      }),
    );
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Change status' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Investigating', hidden: true }));
    const dialog = await screen.findByRole('dialog', { name: /Move INC-2026-0007/ });
    await user.type(within(dialog).getByLabelText(/^Note/), 'Handing over');
    await user.click(within(dialog).getByRole('button', { name: 'Move to investigating' }));

    const note = within(dialog).getByLabelText(/^Note/);
    await waitFor(() => expect(note).toHaveFocus());
    expect(note).toHaveAccessibleDescription(/^Note is not in the expected form\./);
    expect(within(dialog).getByRole('alert')).toHaveTextContent('1 field needs attention.');
    expect(server.calls.find((c) => c.path.endsWith('/transitions'))?.body).toEqual({
      to: 'investigating',
      note: 'Handing over',
    });
  });

  it('disables "Close" and says why while closing conditions are unmet', async () => {
    renderSignedIn(`/cases/${CASE_ID}`, caseServer(sampleCase()));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Change status' }));
    // The open dropdown may still be in its opening transition, which hides it from the accessibility tree.
    expect(await screen.findByRole('menuitem', { name: 'Close the case', hidden: true })).toBeDisabled();
    expect(screen.getByTestId('closing-blockers-menu')).toHaveTextContent('the breach status is still suspected');
    expect(screen.getByRole('menuitem', { name: 'Investigating', hidden: true })).toBeEnabled();
  });

  it('is read-only for an auditor: no edit, status or note controls', async () => {
    renderSignedIn(`/cases/${CASE_ID}`, caseServer(sampleCase()), userWithRole('auditor'));

    expect(await screen.findByRole('heading', { name: 'Suspicious logins on the payroll portal' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit details' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Change status' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Record notification/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Add a note' })).not.toBeInTheDocument();
  });

  it('lets a department head add updates only', async () => {
    const server = caseServer(sampleCase()).on(`POST /cases/${CASE_ID}/notes`, () =>
      json(201, {
        id: 'n1',
        case_id: CASE_ID,
        kind: 'update',
        body: 'Back tomorrow',
        author_id: testUser.id,
        created_at: '2026-03-03T10:00:00Z',
      }),
    );
    renderSignedIn(`/cases/${CASE_ID}`, server, userWithRole('department_head'));
    const user = userEvent.setup();

    const form = await screen.findByRole('form', { name: 'Add a note' });
    expect(within(form).queryByText('Decision')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit details' })).not.toBeInTheDocument();
    await user.type(within(form).getByLabelText('Note'), 'Back tomorrow');
    await user.click(within(form).getByRole('button', { name: 'Add update' }));

    await waitFor(() => expect(server.count(`POST /cases/${CASE_ID}/notes`)).toBe(1));
    expect(server.calls.find((c) => c.path.endsWith('/notes'))?.body).toEqual({
      kind: 'update',
      body: 'Back tomorrow',
    });
  });

  it('keeps a note the server refused, its finding on the field', async () => {
    const server = caseServer(sampleCase()).on(`POST /cases/${CASE_ID}/notes`, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [{ field: 'body', message: 'Note is not in the expected form.' }],
      }),
    );
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    const form = await screen.findByRole('form', { name: 'Add a note' });
    await user.type(within(form).getByLabelText('Note'), 'Reset the passwords');
    await user.click(within(form).getByRole('button', { name: 'Add update' }));

    const note = within(form).getByLabelText('Note');
    await waitFor(() => expect(note).toHaveFocus());
    expect(note).toHaveAccessibleDescription('Note is not in the expected form.');
    expect(note).toHaveValue('Reset the passwords');
    expect(within(form).getByRole('alert')).toHaveTextContent('1 field needs attention.');
  });

  it('records a notification: the missing reference and the too-early time show with the server in one round', async () => {
    const server = caseServer(sampleCase()).on(`PATCH /cases/${CASE_ID}`, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [
          {
            field: 'regulator_reference',
            message: 'Regulator reference is required once the regulator has been notified.',
          },
          {
            field: 'regulator_notified_at',
            message: 'Notified at cannot be before the time you became aware of the incident.',
          },
        ],
      }),
    );
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: /Record notification/ }));
    const form = screen.getByRole('form', { name: 'Regulator notification' });
    await user.click(within(form).getByText('Notified'));
    fireEvent.change(within(form).getByLabelText(/^Notified at/), { target: { value: '2026-03-01T08:00' } });
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    const at = within(form).getByLabelText(/^Notified at/);
    await waitFor(() => expect(at).toHaveFocus());
    expect(at).toHaveAccessibleDescription('Notified at cannot be before the time you became aware of the incident.');
    expect(within(form).getByLabelText(/^Regulator's reference/)).toHaveAccessibleDescription(
      "Regulator's reference is required once the regulator has been notified.",
    );
    expect(within(form).getByRole('alert')).toHaveTextContent('2 fields need attention.');
    expect(server.count(`PATCH /cases/${CASE_ID}`)).toBe(1);
  });

  it('holds back a decision not to notify without its reasons, which the server would read as no decision', async () => {
    const notified = sampleCase({ regulator_notified_at: '2026-03-03T09:00:00Z', regulator_reference: 'ICO-1' });
    const server = caseServer(notified).on(`PATCH /cases/${CASE_ID}`, () => caseResponse(notified));
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: /Record notification/ }));
    const form = screen.getByRole('form', { name: 'Regulator notification' });
    await user.click(within(form).getByText('Decided not to notify'));
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    const why = within(form).getByLabelText(/^Decision not to notify/);
    await waitFor(() => expect(why).toHaveFocus());
    expect(why).toHaveAccessibleDescription(/^Decision not to notify is required: record the reasons\./);
    expect(server.count(`PATCH /cases/${CASE_ID}`)).toBe(0);
  });

  it("names the owner, members and timeline actors to a department head, from the case's people, not by email", async () => {
    const owner = '0190a5f0-0000-7000-8000-0000000000a1';
    const member = '0190a5f0-0000-7000-8000-0000000000a2';
    const server = caseServer(sampleCase({ owner_id: owner, member_ids: [member] }))
      .on(`GET /cases/${CASE_ID}/people`, () =>
        json(200, {
          items: [
            { id: owner, name: 'Ada Lovelace' },
            { id: member, name: 'Łukasz Żółć' },
          ],
        }),
      )
      .on(`GET /cases/${CASE_ID}/timeline`, () =>
        json(200, {
          items: [
            {
              seq: 7,
              occurred_at: '2026-03-02T10:00:00Z',
              kind: 'status_change',
              action: 'case.transition',
              actor_id: owner,
              actor_email: 'ada.l@example.org',
              actor_name: 'Ada Lovelace',
              summary: 'moved the case from Reported to Triage',
              changes: { status: ['reported', 'triage'] },
            },
          ],
          next_cursor: null,
        }),
      );
    renderSignedIn(
      `/cases/${CASE_ID}`,
      server,
      userWithRole('department_head', { id: '0190a5f0-0000-7000-8000-0000000000ff', name: 'Grace Head' }),
    );

    expect(await screen.findByText('Łukasz Żółć')).toBeInTheDocument();
    expect(screen.getAllByText(/Ada Lovelace/).length).toBeGreaterThanOrEqual(2);
    expect(screen.queryByText(/ada\.l@example\.org/)).not.toBeInTheDocument();
    // Never the user directory: a department head may not list accounts.
    expect(server.count('GET /users')).toBe(0);
    expect(server.count('GET /assignees')).toBe(0);
  });

  it('says "not found" for a case the reader may not see', async () => {
    const server = new FakeServer().on(`GET /cases/${CASE_ID}`, () =>
      problem(404, 'Not Found', { detail: 'no such case' }),
    );
    renderSignedIn(`/cases/${CASE_ID}`, server);

    expect(await screen.findByText('Case not found')).toBeInTheDocument();
  });

  it('tells the timeline in sentences, grouped by day, each with its audit record one click away', async () => {
    const server = caseServer(sampleCase()).on(`GET /cases/${CASE_ID}/timeline`, () =>
      json(200, {
        items: [
          {
            seq: 9,
            occurred_at: '2026-03-02T11:00:00Z',
            kind: 'note',
            action: 'note.create',
            actor_id: testUser.id,
            actor_email: 'ada@example.org',
            actor_name: 'Ada Lovelace',
            summary: 'recorded a decision note',
            changes: { kind: [null, 'decision'], body: [null, 'Take the portal offline'] },
          },
          {
            seq: 8,
            occurred_at: '2026-03-02T10:30:00Z',
            kind: 'field_change',
            action: 'case.update',
            actor_id: testUser.id,
            actor_email: 'ada@example.org',
            actor_name: 'Ada Lovelace',
            summary: 'changed severity from Medium to High',
            changes: { severity: ['medium', 'high'] },
          },
          {
            seq: 7,
            occurred_at: '2026-02-27T10:00:00Z',
            kind: 'suspension',
            action: 'suspension.replan',
            actor_id: testUser.id,
            actor_email: 'ada@example.org',
            actor_name: 'Ada Lovelace',
            summary: 'moved the expected restoration of Payroll from 22 Mar to 5 Apr 2026: Supplier patch late',
            changes: {
              expected_restoration_at: ['2026-03-22T17:00:00Z', '2026-04-05T17:00:00Z'],
              replan_reason: [null, 'Supplier patch late'],
            },
          },
        ],
        next_cursor: 'cursor-2',
      }),
    );
    renderSignedIn(`/cases/${CASE_ID}`, server);
    const user = userEvent.setup();

    const items = await screen.findAllByTestId('timeline-item');
    expect(items.map((i) => i.dataset.kind)).toEqual(['note', 'field_change', 'suspension']);
    expect(items[0]).toHaveTextContent('Ada Lovelace recorded a decision note');
    expect(items[0]).toHaveTextContent('Take the portal offline');
    expect(items[1]).toHaveTextContent('Ada Lovelace changed severity from Medium to High');
    expect(items[2]).toHaveTextContent(
      'moved the expected restoration of Payroll from 22 Mar to 5 Apr 2026: Supplier patch late',
    );
    // Two days, the newest first; never an action name or an id on the page.
    expect(screen.getAllByTestId('timeline-day')).toHaveLength(2);
    const activity = screen.getByRole('tabpanel', { name: 'Activity' });
    expect(activity).not.toHaveTextContent('case.update');
    expect(activity).not.toHaveTextContent(testUser.id);
    expect(screen.getByRole('button', { name: 'Load more entries' })).toBeInTheDocument();

    const record = within(items[1] as HTMLElement);
    await user.click(record.getByRole('button', { name: 'Show the audit record' }));
    const raw = within(record.getByTestId('audit-record'));
    expect(raw.getByText('case.update')).toBeInTheDocument();
    expect(raw.getByText('8')).toBeInTheDocument();
    expect(raw.getByText('medium')).toHaveStyle({ textDecoration: 'line-through' });
    expect(raw.getByText('high')).toBeInTheDocument();
    await user.click(record.getByRole('button', { name: 'Hide the audit record' }));
    expect(record.queryByTestId('audit-record')).not.toBeInTheDocument();
  });
});
