import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem } from '../../test/fakeServer';
import { CASE_ID, caseResponse, renderSignedIn, sampleCase, userWithRole } from '../../test/signedIn';
import type { CaseLink, CaseLinkRelation } from './wording';

const ORIGINAL = '0190a5f0-0000-7000-8000-0000000000a1';
const RELATED = '0190a5f0-0000-7000-8000-0000000000a2';

function link(relation: CaseLinkRelation, id: string, reference: string, title: string): CaseLink {
  const kind = relation === 'has_duplicate' ? 'duplicate_of' : relation === 'caused' ? 'caused_by' : relation;
  return {
    id: `${id.slice(0, -3)}f${id.slice(-2)}`, // a link id of its own for each linked case
    kind,
    relation,
    from_case_id: CASE_ID,
    to_case_id: id,
    case: { id, reference, title, status: 'closed' },
    created_by_id: CASE_ID,
    created_at: '2026-12-05T10:00:00Z',
  };
}

function server(items: CaseLink[]) {
  return new FakeServer()
    .on(`GET /cases/${CASE_ID}`, () => caseResponse(sampleCase()))
    .on(`GET /cases/${CASE_ID}/timeline`, () => json(200, { items: [], next_cursor: null }))
    .on(`GET /cases/${CASE_ID}/links`, () => json(200, { items, next_cursor: null }));
}

describe('linked cases on the case page', () => {
  it('words each link from this case, and a duplicate says so in the header', async () => {
    renderSignedIn(
      `/cases/${CASE_ID}`,
      server([
        link('related', RELATED, 'INC-2026-0002', 'Mailbox rules'),
        link('duplicate_of', ORIGINAL, 'INC-2026-0001', 'Phishing wave'),
      ]),
    );
    expect(await screen.findByTestId('duplicate-of')).toHaveTextContent('Duplicate of INC-2026-0001');
    const card = screen.getByRole('region', { name: 'Linked cases' });
    const rows = within(card).getAllByTestId('case-link');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Duplicate ofINC-2026-0001'),
      expect.stringContaining('Related toINC-2026-0002'),
    ]);
    expect(within(card).getByRole('button', { name: 'Link a case' })).toBeInTheDocument();
  });

  it('says when there is none, and offers an auditor no change', async () => {
    renderSignedIn(`/cases/${CASE_ID}`, server([]), userWithRole('auditor'));
    const card = await screen.findByRole('region', { name: 'Linked cases' });
    expect(await within(card).findByText('No linked cases.')).toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: 'Link a case' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'More actions on this case' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('duplicate-of')).not.toBeInTheDocument();
  });

  it('shows why a duplicate could not be closed, with the conditions still holding it', async () => {
    const fake = server([])
      .on('GET /cases', () =>
        json(200, {
          items: [sampleCase({ id: ORIGINAL, reference: 'INC-2026-0001', title: 'Phishing wave' })],
          next_cursor: null,
        }),
      )
      .on(`POST /cases/${CASE_ID}/duplicate-of`, () =>
        problem(409, 'Conflict', {
          detail: 'this case cannot be closed as a duplicate yet',
          type: 'urn:caseward:problem:transition-refused',
          allowed_moves: [],
          unmet_conditions: ['a service is still suspended: restore or cancel every suspension'],
        }),
      );
    renderSignedIn(`/cases/${CASE_ID}`, fake);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'More actions on this case' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Mark as duplicate of…', hidden: true }));
    const dialog = await screen.findByRole('dialog', { name: /as a duplicate/ });
    expect(dialog).toHaveTextContent('This will close INC-2026-0007');
    await user.type(within(dialog).getByRole('combobox', { name: 'Original case' }), 'INC-2026-0001');
    await user.click(await screen.findByRole('option', { name: 'INC-2026-0001 · Phishing wave', hidden: true }));
    await user.click(within(dialog).getByRole('button', { name: 'Mark as duplicate and close' }));
    expect(await within(dialog).findByTestId('duplicate-unmet')).toHaveTextContent('a service is still suspended');
    const call = fake.calls.find((c) => c.path === `/cases/${CASE_ID}/duplicate-of`);
    expect(call?.body).toEqual({ original_id: ORIGINAL });
  });
});
