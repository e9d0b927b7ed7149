import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { CASE_ID, milestone, renderSignedIn, service, suspension } from '../../components/restoration/testing';
import type { Suspension } from '../../components/restoration/types';
import { queryKeys } from '../../api/queries';
import { FakeServer, json, problem, testUser } from '../../test/fakeServer';
import { SuspensionsTab } from './SuspensionsTab';

const LIST = `GET /cases/${CASE_ID}/suspensions`;
const SUSPEND = `POST /cases/${CASE_ID}/suspensions`;
const PORTAL_ID = '0190a5f0-0000-7000-8000-0000000000e2';

const departmentHead = { ...testUser, role: 'department_head' as const, name: 'Grace Hopper' };

function serverWith(suspensions: Suspension[]) {
  const server = new FakeServer();
  for (const s of suspensions)
    server.on(`GET /suspensions/${s.id}/updates`, () => json(200, { items: [], next_cursor: null }));
  return server
    .on(LIST, () => json(200, { items: suspensions }))
    .on('GET /services', () =>
      json(200, {
        items: [service(), service({ id: PORTAL_ID, name: 'Patient Portal', status: 'suspended' })],
        next_cursor: null,
      }),
    );
}

const plan = () =>
  suspension({
    service_id: PORTAL_ID,
    milestones_total: 2,
    milestones: [
      milestone({ id: 'm1', title: 'Security review', position: 1, version: 3 }),
      milestone({ id: 'm2', title: 'Supplier fix', position: 2, due_at: '2026-03-02T17:00:00Z', overdue: true }),
    ],
    overdue_milestones: 1,
  });

// jsdom lays nothing out, so Mantine's combobox dropdown stays display: none (its target looks
// detached): its options are found with `hidden: true`.
const option = (name: string) => screen.findByRole('option', { name, hidden: true });

/** fill puts text into a field in one go (typing it key by key is slow in jsdom). */
async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

async function openSuspendDialog() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Suspend a service' }));
  const dialog = await screen.findByRole('dialog', { name: 'Suspend a service' });
  return { user, dialog };
}

async function fillRequired(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement) {
  await user.click(within(dialog).getByRole('combobox', { name: 'Service' }));
  await user.click(await option('Revalidation Toolkit'));
  await fill(user, within(dialog).getByRole('textbox', { name: 'Reason' }), 'Suspected credential theft');
  await fill(user, within(dialog).getByRole('textbox', { name: /Decided by/ }), 'Ministerial decision');
}

describe('SuspensionsTab', () => {
  it('says when the case has no suspension', async () => {
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, serverWith([]));
    expect(await screen.findByText('No service has been suspended in this case')).toBeInTheDocument();
  });

  it('offers only operational services in the suspend dialog', async () => {
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, serverWith([]));
    const { user, dialog } = await openSuspendDialog();

    await user.click(within(dialog).getByRole('combobox', { name: 'Service' }));
    expect(await option('Revalidation Toolkit')).toBeInTheDocument();
    expect(screen.getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual(['Revalidation Toolkit']);
  });

  it('shows the server field errors on their fields', async () => {
    const server = serverWith([]).on(SUSPEND, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the suspension is not valid',
        errors: [{ field: 'expected_restoration_at', message: 'cannot be before suspended_at' }],
      }),
    );
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const { user, dialog } = await openSuspendDialog();
    await fillRequired(user, dialog);
    const expected = within(dialog).getByLabelText('Expected restoration');
    await fill(user, expected, '2020-01-01T10:00');
    await user.click(within(dialog).getByRole('button', { name: 'Suspend service' }));

    await waitFor(() => expect(expected).toHaveAttribute('aria-invalid', 'true'));
    expect(expected).toHaveAccessibleDescription(expect.stringContaining('cannot be before suspended at.'));
    await waitFor(() => expect(expected).toHaveFocus());
    expect(within(dialog).getByRole('textbox', { name: 'Reason' })).not.toHaveAttribute('aria-invalid', 'true');
    // Only the summary by the button: everything the server said is on its field.
    expect(within(dialog).getByRole('alert')).toHaveTextContent('1 field needs attention. Nothing was saved.');

    const sent = server.calls.find((c) => `${c.method} ${c.path}` === SUSPEND)?.body as Record<string, unknown>;
    expect(sent).toMatchObject({
      service_id: service().id,
      reason: 'Suspected credential theft',
      decided_by: 'Ministerial decision',
      expected_restoration_at: new Date('2020-01-01T10:00').toISOString(),
      affected_users_estimate: null,
    });
    expect(sent).not.toHaveProperty('suspended_at');
  });

  it("shows its own checks and the server's in one round: all at once, the first field focused", async () => {
    const server = serverWith([]).on(SUSPEND, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the request is not valid',
        errors: [
          { field: 'service_id', message: 'Service is required.' },
          {
            field: 'expected_restoration_at',
            message: 'Expected restoration at is in the past: a promised restoration date must lie ahead.',
          },
        ],
      }),
    );
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const { user, dialog } = await openSuspendDialog();
    await fill(user, within(dialog).getByRole('textbox', { name: 'Reason' }), 'Suspected credential theft');
    await fill(user, within(dialog).getByLabelText('Expected restoration'), '2020-01-01T10:00');
    await user.click(within(dialog).getByRole('button', { name: 'Suspend service' }));

    const service = within(dialog).getByRole('combobox', { name: 'Service' });
    await waitFor(() => expect(service).toHaveAccessibleDescription('Service is required.'));
    await waitFor(() => expect(service).toHaveFocus());
    // The client's own finding stays beside the server's, each naming its field's label.
    expect(within(dialog).getByRole('textbox', { name: /Decided by/ })).toHaveAccessibleDescription(
      expect.stringContaining('Decided by is required: say who took the decision.'),
    );
    expect(within(dialog).getByLabelText('Expected restoration')).toHaveAccessibleDescription(
      expect.stringContaining('Expected restoration is in the past: a promised restoration date must lie ahead.'),
    );
    expect(within(dialog).getByRole('alert')).toHaveTextContent('3 fields need attention. Nothing was saved.');
    expect(server.count(SUSPEND)).toBe(1);
    expect(server.calls.find((c) => `${c.method} ${c.path}` === SUSPEND)?.body).not.toHaveProperty('service_id');
    expect(server.count(LIST)).toBe(1); // nothing saved, nothing reloaded
  });

  it('says plainly when the service is already suspended (409)', async () => {
    const server = serverWith([]).on(SUSPEND, () =>
      problem(409, 'Conflict', {
        detail: 'this service is already suspended: restore or cancel that suspension first',
      }),
    );
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const { user, dialog } = await openSuspendDialog();
    await fillRequired(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Suspend service' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Could not save');
    expect(alert).toHaveTextContent('this service is already suspended: restore or cancel that suspension first');
  });

  it('closes the dialog and reloads the list after suspending', async () => {
    let listed: Suspension[] = [];
    const server = serverWith([])
      .on(LIST, () => json(200, { items: listed }))
      .on(SUSPEND, () => {
        listed = [suspension()];
        return json(201, listed[0]);
      });
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const { user, dialog } = await openSuspendDialog();
    await fillRequired(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Suspend service' }));

    expect(await screen.findByRole('heading', { name: 'Revalidation Toolkit' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(server.count(LIST)).toBe(2);
  });

  it('does not offer to suspend in a closed case', async () => {
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="closed" canEdit />, serverWith([]));
    expect(await screen.findByText('The case is closed: reopen it to suspend a service.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Suspend a service' })).not.toBeInTheDocument();
  });

  it('shows each suspension with its figures, highlights and plan', async () => {
    const s = plan();
    renderSignedIn(
      <SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />,
      serverWith([
        suspension({
          id: 'old',
          status: 'restored',
          restored_at: '2026-02-03T09:00:00Z',
          downtime_seconds: 2 * 86_400,
        }),
        { ...s, slipping: true, plan_status: 'slipping', projected_restoration_at: '2026-03-28T17:00:00Z' },
      ]),
    );

    const panels = await screen.findAllByRole('article');
    // The active one comes first, whatever the API's order.
    expect(within(panels[0]!).getByRole('heading')).toHaveTextContent('Patient Portal');
    expect(panels[0]).toHaveAttribute('data-health', 'red');
    expect(within(panels[0]!).getByText('Slipping')).toBeInTheDocument();
    expect(within(panels[0]!).getByText('1 milestone overdue')).toBeInTheDocument();
    expect(within(panels[0]!).getByText('6 days late')).toBeInTheDocument();
    expect(within(panels[0]!).getByText('0 of 2 milestones done')).toBeInTheDocument();
    expect(within(panels[0]!).getByTestId('milestone-timeline')).toBeInTheDocument();
    expect(within(panels[1]!).getByText('2 d')).toBeInTheDocument(); // downtime of the restored one
    expect(within(panels[1]!).queryByRole('button', { name: 'Restore service' })).not.toBeInTheDocument();
  });

  it('hides every write control from a department head', async () => {
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, serverWith([plan()]), {
      user: departmentHead,
    });

    expect(await screen.findByRole('heading', { name: 'Patient Portal' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Suspend a service' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Restore service' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Status of Security review' })).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Add a milestone' })).not.toBeInTheDocument();
    expect(screen.getAllByText('Planned').length).toBeGreaterThan(0);
  });
});

describe('the milestone plan', () => {
  it('changes a status with If-Match and reloads the plan', async () => {
    const server = serverWith([plan()]).on('PATCH /milestones/m1', () =>
      json(200, milestone({ id: 'm1', status: 'done', version: 4 })),
    );
    const { requests, queryClient } = renderSignedIn(
      <SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />,
      server,
    );
    // What the case page has cached: its closing blockers and timeline change with the plan.
    queryClient.setQueryData(queryKeys.cases.detail(CASE_ID), { cached: true });
    queryClient.setQueryData(queryKeys.cases.timeline(CASE_ID), { cached: true });
    const user = userEvent.setup();

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Status of Security review' }), 'done');

    await waitFor(() => expect(server.count(LIST)).toBe(2));
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.headers.get('If-Match')).toBe('"3"');
    expect(server.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ status: 'done' });
    expect(queryClient.getQueryState(queryKeys.cases.detail(CASE_ID))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(queryKeys.cases.timeline(CASE_ID))?.isInvalidated).toBe(true);
  });

  it('tells when someone else changed the milestone first (412), and reloads', async () => {
    const server = serverWith([plan()]).on('PATCH /milestones/m1', () =>
      problem(412, 'Precondition Failed', { detail: 'milestone was changed by someone else: read it again and retry' }),
    );
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const user = userEvent.setup();

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Status of Security review' }), 'in_progress');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Changed by someone else');
    expect(alert).toHaveTextContent('“Security review” was changed by someone else meanwhile');
    await waitFor(() => expect(server.count(LIST)).toBe(2));
  });

  it('moves a milestone down by sending the new order', async () => {
    const server = serverWith([plan()]).on(`PUT /suspensions/${plan().id}/milestones/order`, () =>
      json(200, { items: [] }),
    );
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const user = userEvent.setup();

    expect(await screen.findByRole('button', { name: 'Move Security review up' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Move Security review down' }));

    await waitFor(() =>
      expect(server.calls.find((c) => c.method === 'PUT')?.body).toEqual({ milestone_ids: ['m2', 'm1'] }),
    );
  });

  it('adds a milestone and shows a server error on its field', async () => {
    const server = serverWith([plan()]).on(`POST /suspensions/${plan().id}/milestones`, () =>
      problem(422, 'Unprocessable Entity', {
        errors: [{ field: 'title', message: 'is required (at most 300 characters)' }],
      }),
    );
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const user = userEvent.setup();

    const title = await screen.findByRole('textbox', { name: 'Milestone title' });
    await fill(user, title, 'Penetration test');
    await fill(user, screen.getByLabelText('Due'), '2026-03-20T17:00');
    await user.click(screen.getByRole('button', { name: 'Add milestone' }));

    await waitFor(() =>
      expect(title).toHaveAccessibleDescription('Milestone title is required (at most 300 characters)'),
    );
    // Focus moves in the frame after the errors show.
    await waitFor(() => expect(title).toHaveFocus());
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({
      title: 'Penetration test',
      due_at: new Date('2026-03-20T17:00').toISOString(),
    });
  });

  it('clears the milestone form when the server answers, not after the plan has reloaded', async () => {
    // The plan's reload can be slow, and a live update may show the new step before it ends: what
    // the user types next must not be wiped when the reload finally finishes.
    let releaseReload: () => void = () => {};
    const reloadHeld = new Promise<void>((resolve) => (releaseReload = resolve));
    let lists = 0;
    const server = serverWith([plan()])
      .on(LIST, async () => {
        lists += 1;
        if (lists > 1) await reloadHeld;
        return json(200, { items: [plan()] });
      })
      .on(`POST /suspensions/${plan().id}/milestones`, () => json(201, milestone({ id: 'm3', title: 'Pen test' })));
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const user = userEvent.setup();

    const title = await screen.findByRole('textbox', { name: 'Milestone title' });
    await fill(user, title, 'Pen test');
    await user.click(screen.getByRole('button', { name: 'Add milestone' }));
    await waitFor(() => expect(title).toHaveValue(''));
    await waitFor(() => expect(lists).toBe(2)); // the reload has started and is held

    await fill(user, title, 'Go-live');
    releaseReload();
    await waitFor(() => expect(server.count(LIST)).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(title).toHaveValue('Go-live');
  });

  it('restores a service with a note', async () => {
    const server = serverWith([plan()]).on(`POST /suspensions/${plan().id}/restore`, () =>
      json(200, suspension({ status: 'restored' })),
    );
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Restore service' }));
    const dialog = await screen.findByRole('dialog');
    await fill(user, within(dialog).getByRole('textbox', { name: /Note/ }), 'Supplier patch verified');
    await user.click(within(dialog).getByRole('button', { name: 'Restore service' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(server.calls.find((c) => c.path.endsWith('/restore'))?.body).toEqual({ note: 'Supplier patch verified' });
  });

  it.each([
    ['Mark them done', 'complete'],
    ['Cancel them', 'cancel'],
  ] as const)(
    'restoring with open milestones lists them, asks what to do (%s) and retries with the answer',
    async (label, choice) => {
      const restore = `POST /suspensions/${plan().id}/restore`;
      const server = serverWith([plan()]).on(restore, (req) =>
        (req.body as { open_milestones?: string } | undefined)?.open_milestones
          ? json(200, suspension({ status: 'restored' }))
          : problem(409, 'Conflict', {
              detail: '2 milestones are still open: say whether to mark them done or cancel them',
              open_milestones: [
                { id: 'm1', title: 'Security review', status: 'planned' },
                { id: 'm2', title: 'Supplier fix', status: 'blocked' },
              ],
            }),
      );
      renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
      const user = userEvent.setup();

      await user.click(await screen.findByRole('button', { name: 'Restore service' }));
      const dialog = await screen.findByRole('dialog');
      await fill(user, within(dialog).getByRole('textbox', { name: /Note/ }), 'Back');
      await user.click(within(dialog).getByRole('button', { name: 'Restore service' }));

      // The open milestones, with their status, and the question; no retry before it is answered.
      const list = await within(dialog).findByRole('list', { name: 'Open milestones' });
      expect(within(dialog).getByText('2 milestones are still open')).toBeInTheDocument();
      expect(
        within(list)
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toEqual(['Security reviewPlanned', 'Supplier fixBlocked']);
      expect(within(dialog).queryByText('The service could not be restored')).not.toBeInTheDocument(); // a question, not a failure
      expect(within(dialog).getByRole('button', { name: 'Restore service' })).toBeDisabled();

      await user.click(within(dialog).getByRole('radio', { name: new RegExp(label) }));
      await user.click(within(dialog).getByRole('button', { name: 'Restore service' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      const calls = server.calls.filter((c) => c.path.endsWith('/restore'));
      expect(calls.map((c) => c.body)).toEqual([{ note: 'Back' }, { note: 'Back', open_milestones: choice }]);
    },
  );

  it('shows a cancelled milestone as cancelled', async () => {
    const restored = suspension({
      status: 'restored',
      plan_status: 'restored',
      restored_at: '2026-03-05T09:00:00Z',
      milestones_done: 1,
      milestones_total: 1,
      milestones: [
        milestone({ id: 'm1', title: 'Security review', status: 'done', completed_at: '2026-03-04T09:00:00Z' }),
        milestone({ id: 'm2', title: 'Supplier fix', position: 2, status: 'cancelled' }),
      ],
    });
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, serverWith([restored]));
    const rows = await screen.findAllByRole('row');
    const row = rows.find((r) => r.textContent?.includes('Supplier fix'));
    expect(row).toBeDefined();
    expect(within(row!).getByText('Cancelled')).toBeInTheDocument();
  });

  it('edits only what changed, with If-Match, and says when someone else got there first (412)', async () => {
    let answer = 412;
    const server = serverWith([plan()]).on(`PATCH /suspensions/${plan().id}`, () =>
      answer === 412
        ? problem(412, 'Precondition Failed', { detail: 'suspension was changed by someone else' })
        : json(200, plan()),
    );
    const { requests } = renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit details' }));
    const dialog = await screen.findByRole('dialog');
    const expected = within(dialog).getByLabelText('Expected restoration');
    await user.clear(expected);
    await fill(user, expected, '2026-04-01T17:00');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(await within(dialog).findByRole('alert', { name: 'Changed by someone else' })).toHaveTextContent(
      'changed by someone else',
    );
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.headers.get('If-Match')).toBe('"1"');
    expect(server.calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      expected_restoration_at: new Date('2026-04-01T17:00').toISOString(),
    });

    answer = 200;
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it("asks why when the expected date moves, and shows the server's refusal on that field", async () => {
    const moved = '2026-04-01T17:00';
    let calls = 0;
    const server = serverWith([plan()]).on(`PATCH /suspensions/${plan().id}`, () =>
      ++calls === 1
        ? problem(422, 'Unprocessable Entity', {
            errors: [
              {
                field: 'replan_reason',
                message: 'is required when a promised date moves: say why (at most 1000 characters)',
              },
            ],
          })
        : json(200, plan()),
    );
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit details' }));
    const dialog = await screen.findByRole('dialog');
    // Nothing moved yet: no question.
    expect(within(dialog).queryByLabelText(/Why does the expected date move/)).not.toBeInTheDocument();
    const expected = within(dialog).getByLabelText('Expected restoration');
    await user.clear(expected);
    await fill(user, expected, moved);
    const reason = within(dialog).getByLabelText(/Why does the expected date move/);
    expect(within(dialog).getByText(/Promised first for 22 Mar 2026/)).toBeInTheDocument();

    // Saved without a reason: the server names the field and its message shows on it.
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByText(/is required when a promised date moves/)).toBeInTheDocument();
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(reason).toHaveFocus());
    expect(within(dialog).getByRole('alert')).toHaveTextContent('1 field needs attention.');
    expect(server.calls.filter((c) => c.method === 'PATCH')[0]?.body).toEqual({
      expected_restoration_at: new Date(moved).toISOString(),
    });

    await fill(user, reason, 'Supplier patch late');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(server.calls.filter((c) => c.method === 'PATCH')[1]?.body).toEqual({
      expected_restoration_at: new Date(moved).toISOString(),
      replan_reason: 'Supplier patch late',
    });
  });

  it('asks no reason for the first expected date or for other changes', async () => {
    const server = serverWith([plan()]).on(`PATCH /suspensions/${plan().id}`, () => json(200, plan()));
    renderSignedIn(<SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />, server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit details' }));
    const dialog = await screen.findByRole('dialog');
    await fill(user, within(dialog).getByRole('textbox', { name: 'Reason' }), ' and more');
    expect(within(dialog).queryByLabelText(/Why does the expected date move/)).not.toBeInTheDocument();
  });

  it('says "No plan yet", never "On track", for a suspension without a plan, and shows the promise', async () => {
    renderSignedIn(
      <SuspensionsTab caseId={CASE_ID} caseStatus="investigating" canEdit />,
      serverWith([
        suspension({
          plan_status: 'no_plan',
          baseline_restoration_at: '2026-03-01T17:00:00Z',
          expected_restoration_at: '2026-12-23T17:00:00Z',
          replan_count: 2,
        }),
      ]),
    );
    const panel = await screen.findByRole('article');
    expect(within(panel).getByText('No plan yet')).toBeInTheDocument();
    expect(within(panel).queryByText('On track')).not.toBeInTheDocument();
    expect(within(panel).getByText('promised 1 Mar, now 23 Dec, moved 2×')).toBeInTheDocument();
    expect(panel).toHaveAttribute('data-health', 'yellow');
  });
});
