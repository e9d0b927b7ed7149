import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../../test/fakeServer';
import { CASE_ID, caseResponse, renderSignedIn, sampleCase, userWithRole } from '../../../test/signedIn';
import type { Obligation, ObligationPhase } from './queries';

const NIS2 = '01900000-0000-7000-8000-000000000023';
const PHASE_ID = '0190a5f0-0000-7000-8000-0000000000e1';

const rule = { kind: 'from_awareness' as const, offset_hours: 24, offset_months: null, after_phase: null };

function phase(overrides: Partial<ObligationPhase>): ObligationPhase {
  return {
    id: PHASE_ID,
    position: 1,
    name: 'Early warning',
    audience: 'csirt',
    rule,
    rule_text: '24 h from awareness',
    guidance: '',
    due_at: '2099-03-03T09:00:00Z',
    status: 'due',
    submitted_at: null,
    reference: '',
    decision_rationale: '',
    delay_reason: '',
    late: false,
    version: 1,
    ...overrides,
  };
}

const nis2: Obligation = {
  id: '0190a5f0-0000-7000-8000-0000000000e0',
  case_id: CASE_ID,
  regime_id: NIS2,
  regime_name: 'NIS2 Art. 23',
  from_case: false,
  created_at: '2026-03-02T10:00:00Z',
  created_by_id: null,
  phases: [
    phase({}),
    phase({
      id: '0190a5f0-0000-7000-8000-0000000000e3',
      position: 3,
      name: 'Final report',
      rule: { kind: 'after_phase', offset_hours: null, offset_months: 1, after_phase: 2 },
      rule_text: '1 month after phase 2 is submitted',
      due_at: null,
      status: 'waiting',
    }),
  ],
};

function server() {
  return new FakeServer()
    .on(`GET /cases/${CASE_ID}`, () => caseResponse(sampleCase()))
    .on(`GET /cases/${CASE_ID}/timeline`, () => json(200, { items: [], next_cursor: null }))
    .on(`GET /cases/${CASE_ID}/obligations`, () => json(200, { items: [nis2] }))
    .on('GET /regimes', () => json(200, { items: [] }));
}

describe('the obligations on the regulator card', () => {
  it('shows each phase with its countdown or why none runs', async () => {
    renderSignedIn(`/cases/${CASE_ID}`, server());
    const region = await screen.findByRole('region', { name: 'Other notification obligations' });
    const phases = await within(region).findAllByTestId('obligation-phase');
    expect(phases).toHaveLength(2);
    expect(within(phases[0] as HTMLElement).getByTestId('phase-deadline')).toHaveTextContent(/due in/);
    expect(within(phases[1] as HTMLElement).getByTestId('phase-deadline')).toHaveTextContent(
      'after the previous phase',
    );
    expect(phases[1]).toHaveTextContent('1 month after phase 2 is submitted');
  });

  it("records a phase with the phase's version, and puts the server's field errors on the fields", async () => {
    const s = server().on(`PATCH /obligation-phases/${PHASE_ID}`, () =>
      problem(422, 'Unprocessable Entity', {
        detail: 'the phase record is not valid',
        errors: [
          { field: 'reference', message: 'is required once it has been submitted' },
          { field: 'delay_reason', message: 'is required: it was submitted after its deadline' },
        ],
      }),
    );
    renderSignedIn(`/cases/${CASE_ID}`, s);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Record Early warning (NIS2 Art. 23)' }));
    const form = screen.getByRole('form', { name: 'NIS2 Art. 23: Early warning' });
    await user.type(within(form).getByLabelText('Submitted at'), '2026-03-04T10:00');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(within(form).getByLabelText('Reference')).toHaveAttribute('aria-invalid', 'true'));
    expect(within(form).getByLabelText('Reason for the delay')).toHaveAttribute('aria-invalid', 'true');
    const patch = s.calls.find((c) => c.method === 'PATCH');
    expect(patch?.ifMatch).toBe('"1"');
    expect(patch?.body).toHaveProperty('submitted_at');
  });

  it('offers no recording to a department head', async () => {
    renderSignedIn(`/cases/${CASE_ID}`, server(), userWithRole('department_head'));
    const region = await screen.findByRole('region', { name: 'Other notification obligations' });
    await within(region).findAllByTestId('obligation-phase');
    expect(within(region).queryByRole('button', { name: /Record/ })).toBeNull();
    expect(within(region).queryByRole('combobox', { name: 'Another regime applies' })).toBeNull();
  });
});
