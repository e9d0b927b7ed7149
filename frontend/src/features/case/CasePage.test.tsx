import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { Case } from '../../api/types';
import { FakeServer, json, problem, testUser } from '../../test/fakeServer';
import { CASE_ID, caseResponse, renderSignedIn, sampleCase, userWithRole } from '../../test/signedIn';

const emptyTimeline = () => json(200, { items: [], next_cursor: null });

function caseServer(...versions: Case[]) {
  let reads = 0;
  return new FakeServer()
    .on(`GET /cases/${CASE_ID}`, () => caseResponse(versions[Math.min(reads++, versions.length - 1)] as Case))
    .on(`GET /cases/${CASE_ID}/timeline`, emptyTimeline);
}

/** pick chooses an option of a select field; Owner and Members list the same people, so from the field's own list. */
async function pick(user: ReturnType<typeof userEvent.setup>, form: HTMLElement, field: RegExp, option: string) {
  const input = within(form).getByLabelText(field);
  await user.click(input);
  const list = await waitFor(() => {
    const el = document.getElementById(input.getAttribute('aria-controls') ?? '');
    if (!el) throw new Error(`no option list for ${field.source}`);
    return el;
  });
  await user.click(within(list).getByRole('option', { name: option, hidden: true }));
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
