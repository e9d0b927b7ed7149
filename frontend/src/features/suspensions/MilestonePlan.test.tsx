import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { milestone, renderSignedIn } from '../../components/restoration/testing';
import { FakeServer, json, problem } from '../../test/fakeServer';
import { MilestonePlan } from './MilestonePlan';
import { SuspensionCaseContext } from './mutations';

const realMatchMedia = window.matchMedia.bind(window);

/** onPhone makes every max-width media query match, as on a 390 px screen. */
function onPhone() {
  window.matchMedia = (query: string) => ({ ...realMatchMedia(query), matches: query.includes('max-width') });
}

const plan = [
  milestone({ id: 'm1', title: 'Isolate affected hosts', position: 1, overdue: true, due_at: '2026-03-02T17:00:00Z' }),
  milestone({ id: 'm2', title: 'Forensic image', position: 2, status: 'in_progress' }),
];

describe('MilestonePlan', () => {
  afterEach(() => {
    window.matchMedia = realMatchMedia;
  });

  it('is a table on a wide screen', () => {
    renderSignedIn(<MilestonePlan suspensionId="s1" milestones={plan} editable />, new FakeServer());
    expect(screen.getByRole('table', { name: 'Restoration milestones' })).toBeInTheDocument();
  });

  it("names each step's owner from the case's people, for any role that may see the case", async () => {
    const owner = '0190a5f0-0000-7000-8000-0000000000b7';
    const server = new FakeServer().on('GET /cases/case-1/people', () =>
      json(200, { items: [{ id: owner, name: 'Łucja Kowalska' }] }),
    );
    renderSignedIn(
      <SuspensionCaseContext.Provider value={{ caseId: 'case-1' }}>
        <MilestonePlan suspensionId="s1" milestones={[{ ...plan[0]!, owner_id: owner }, plan[1]!]} editable={false} />
      </SuspensionCaseContext.Provider>,
      server,
    );
    expect(await screen.findByText('Owner: Łucja Kowalska')).toBeInTheDocument();
    expect(screen.getAllByTestId('milestone-owner')).toHaveLength(1);
  });

  it('is a list on a phone, each step with its due date, status and order controls, no table to scroll', () => {
    onPhone();
    renderSignedIn(<MilestonePlan suspensionId="s1" milestones={plan} editable />, new FakeServer());
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Restoration milestones' });
    const steps = within(list).getAllByRole('listitem');
    expect(steps).toHaveLength(2);
    expect(steps[0]).toHaveTextContent(/1\.Isolate affected hostsOverdue/);
    expect(steps[0]).toHaveTextContent(/Due 2 Mar 2026/);
    expect(within(steps[1]!).getByLabelText('Status of Forensic image')).toHaveValue('in_progress');
    expect(within(steps[1]!).getByRole('button', { name: 'Move Forensic image up' })).toBeEnabled();
    expect(within(steps[1]!).getByRole('button', { name: 'Move Forensic image down' })).toBeDisabled();
  });

  it('moves a step’s due date with the reason the re-plan needs, and shows its first date once moved', async () => {
    const user = userEvent.setup();
    const step = plan[1]!;
    const server = new FakeServer().on(`PATCH /milestones/${step.id}`, (call) => {
      const body = call.body as { due_at: string; replan_reason?: string };
      return body.replan_reason
        ? json(200, { ...step, due_at: body.due_at, version: 2 })
        : problem(422, 'Unprocessable Entity', {
            errors: [
              {
                field: 'replan_reason',
                message: 'Re-plan reason is required when a promised date moves: say why (at most 1000 characters).',
                label: 'Re-plan reason',
              },
            ],
          });
    });
    renderSignedIn(<MilestonePlan suspensionId="s1" milestones={plan} editable />, server);
    await user.click(screen.getByRole('button', { name: 'Move the due date of Forensic image' }));
    const dialog = await screen.findByRole('dialog', { name: 'Move the due date of Forensic image' });
    const due = within(dialog).getByLabelText('Due');
    await user.clear(due);
    await user.type(due, '2026-03-20T17:00');
    await user.click(within(dialog).getByRole('button', { name: 'Move due date' }));
    // Without a reason the step keeps its date: the step already has its first date, and the
    // server's refusal shows on the reason, named as the form names it, and takes the focus.
    const why = within(dialog).getByLabelText(/Why does the due date move/);
    await vi.waitFor(() =>
      expect(why).toHaveAccessibleDescription(
        expect.stringContaining('The reason is required when a promised date moves: say why'),
      ),
    );
    await vi.waitFor(() => expect(why).toHaveFocus());
    expect(within(dialog).getByRole('alert')).toHaveTextContent('1 field needs attention.');
    await user.type(why, 'Imaging lab booked out');
    await user.click(within(dialog).getByRole('button', { name: 'Move due date' }));
    await vi.waitFor(() => expect(server.count(`PATCH /milestones/${step.id}`)).toBe(2));
    const call = server.calls.filter((c) => c.method === 'PATCH')[1]!;
    expect(call.ifMatch).toBe('"1"');
    expect(call.body).toMatchObject({ replan_reason: 'Imaging lab booked out' });
    expect(Date.parse((call.body as { due_at: string }).due_at)).toBe(new Date('2026-03-20T17:00').getTime());
  });

  it('shows a moved step’s first due date beside the new one', () => {
    const movedStep = milestone({
      id: 'm3',
      title: 'Supplier fix',
      due_at: '2026-03-24T17:00:00Z',
      baseline_due_at: '2026-03-12T17:00:00Z',
    });
    renderSignedIn(
      <MilestonePlan suspensionId="s1" milestones={[plan[1]!, { ...movedStep, position: 3 }]} editable={false} />,
      new FakeServer(),
    );
    const firsts = screen.getAllByTestId('milestone-first-due');
    expect(firsts).toHaveLength(1);
    expect(firsts[0]).toHaveTextContent(/first due 12 Mar 2026/);
  });
});
