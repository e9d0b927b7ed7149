import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, testUser } from '../../test/fakeServer';
import { renderComponent } from '../../test/renderComponent';
import { ChronologyTab } from './ChronologyTab';
import type { ChronologyEntry } from './types';

const CASE_ID = '0190a5f0-0000-7000-8000-0000000000c1';

function entry(overrides: Partial<ChronologyEntry>): ChronologyEntry {
  return {
    id: 'e1',
    case_id: CASE_ID,
    kind: 'detection',
    occurred_at: '2026-12-01T08:00:00Z',
    recorded_at: '2026-12-01T08:10:00Z',
    backdated: false,
    author_id: testUser.id,
    body: 'An entry',
    evidence_ids: [],
    corrected_at: null,
    corrected_by_id: null,
    retracted_at: null,
    retracted_by_id: null,
    retraction_reason: null,
    version: 1,
    ...overrides,
  };
}

const story = [
  entry({
    id: 'e1',
    body: 'First beacon to the C2 host',
    recorded_at: '2026-12-04T09:00:00Z',
    backdated: true,
    evidence_ids: ['ev1'],
  }),
  entry({
    id: 'e2',
    kind: 'decision',
    occurred_at: '2026-12-04T10:00:00Z',
    recorded_at: '2026-12-04T10:05:00Z',
    body: 'Decided to pay',
    retracted_at: '2026-12-04T11:00:00Z',
    retracted_by_id: testUser.id,
    retraction_reason: 'Recorded on the wrong case',
    version: 2,
  }),
  entry({ id: 'e3', kind: 'containment', occurred_at: '2026-12-04T12:00:00Z', recorded_at: '2026-12-04T12:01:00Z' }),
];

function server() {
  return new FakeServer()
    .on(`GET /cases/${CASE_ID}/chronology`, () => json(200, { items: story, next_cursor: null }))
    .on(`GET /cases/${CASE_ID}/evidence`, () =>
      json(200, { items: [{ id: 'ev1', title: 'Beacon capture' }], next_cursor: null }),
    )
    .on(`GET /cases/${CASE_ID}/people`, () => json(200, { items: [{ id: testUser.id, name: testUser.name }] }));
}

describe('ChronologyTab', { timeout: 20_000 }, () => {
  it('tells the story read-only: kinds, evidence, the recorded-later mark, a retracted entry struck through', async () => {
    const auditor = { ...testUser, role: 'auditor' as const };
    renderComponent(<ChronologyTab caseId={CASE_ID} canEdit={false} canDownload />, server(), { user: auditor });
    const entries = await screen.findAllByTestId('chronology-entry');
    expect(entries).toHaveLength(3);
    const [first, second, third] = entries as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(first).getByTestId('recorded-later')).toHaveTextContent('recorded 3 days later');
    expect(within(first).getByText('Detection')).toBeInTheDocument();
    expect(await within(first).findByRole('button', { name: /Beacon capture/ })).toBeInTheDocument();
    expect(second).toHaveAttribute('data-retracted', 'true');
    expect(second).toHaveTextContent('Recorded on the wrong case');
    expect(within(second).getByText('Decided to pay')).toHaveStyle({ textDecoration: 'line-through' });
    expect(within(third).queryByTestId('recorded-later')).toBeNull();
    expect(screen.queryByRole('button', { name: /Add entry/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Correct' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Retract' })).toBeNull();
  });

  it('retracts an entry with its reason under If-Match; a retracted entry offers no action', async () => {
    const fake = server().on('POST /chronology/e1/retraction', (call) =>
      json(200, {
        ...story[0],
        retracted_at: '2026-12-05T10:00:00Z',
        retraction_reason: (call.body as { reason: string }).reason,
      }),
    );
    renderComponent(<ChronologyTab caseId={CASE_ID} canEdit canDownload />, fake);
    const entries = await screen.findAllByTestId('chronology-entry');
    expect(within(entries[1]!).queryByRole('button', { name: 'Retract' })).toBeNull();
    await userEvent.click(within(entries[0]!).getByRole('button', { name: 'Retract' }));
    const dialog = await screen.findByRole('dialog', { name: 'Retract the entry' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Reason/ }), ' Duplicate entry ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Retract entry' }));
    await waitFor(() => expect(fake.count('POST /chronology/e1/retraction')).toBe(1));
    const call = fake.calls.find((c) => c.path === '/chronology/e1/retraction');
    expect(call?.ifMatch).toBe('"1"');
    expect(call?.body).toEqual({ reason: 'Duplicate entry' });
  });
});
