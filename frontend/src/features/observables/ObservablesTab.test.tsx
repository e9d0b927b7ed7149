import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem, testUser } from '../../test/fakeServer';
import { renderComponent } from '../../test/renderComponent';
import { captureSaves } from '../exports/testing';
import { ObservablesTab } from './ObservablesTab';
import { CASE_ID, observable } from './sample';
import type { Observable } from './types';

const LIST = `GET /cases/${CASE_ID}/observables`;

const url = observable({
  id: 'o1',
  type: 'url',
  value: 'https://login-firma.pl/owa/auth.owa?x=1',
  tlp: 'amber+strict',
  pap: 'red',
  ioc: true,
  tags: ['phishing', 'kampania-płac'],
  source: 'Zgłoszenie użytkownika',
  sightings: 2,
});
const hash = observable({
  id: 'o2',
  type: 'sha256',
  value: '9f86d081884c7d659a2feae0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  tlp: 'clear',
  pap: 'green',
  version: 3,
});

function server(items: Observable[] = [url, hash]) {
  return new FakeServer().on(LIST, () => json(200, { items, next_cursor: null }));
}

const auditor = { ...testUser, role: 'auditor' as const };

describe('ObservablesTab', { timeout: 20_000 }, () => {
  it('lists each value as text with its TLP and PAP labels, its IOC mark, tags and sightings linking to the search', async () => {
    renderComponent(<ObservablesTab caseId={CASE_ID} canEdit />, server());
    const rows = await screen.findAllByTestId('observable-row');
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [HTMLElement, HTMLElement];

    expect(within(first).getByText('URL')).toBeInTheDocument();
    expect(within(first).getByTestId('observable-value')).toHaveTextContent(url.value);
    // A URL observable is malicious by nature: its value is never a link.
    expect(within(first).queryByRole('link', { name: url.value })).toBeNull();
    expect(within(first).getByTestId('observable-value').closest('a')).toBeNull();
    expect(within(first).getByText('TLP:AMBER+STRICT')).toBeInTheDocument();
    expect(within(first).getByText('PAP:RED')).toBeInTheDocument();
    expect(within(first).getByText('Indicator of compromise')).toBeInTheDocument();
    // Free text (tags, the source) keeps its own direction.
    expect(within(first).getByText('kampania-płac').closest('[dir="auto"]')).not.toBeNull();
    expect(within(first).getByText('Zgłoszenie użytkownika').closest('[dir="auto"]')).not.toBeNull();
    const seen = within(first).getByRole('link', { name: 'Seen in 2 other cases' });
    expect(seen).toHaveAttribute('href', `/observables?value=${encodeURIComponent(url.value)}`);
    expect(within(first).getByRole('button', { name: 'Copy the value' })).toBeInTheDocument();

    expect(within(second).getByText('TLP:CLEAR')).toBeInTheDocument();
    expect(within(second).getByText('PAP:GREEN')).toBeInTheDocument();
    expect(within(second).queryByText('Indicator of compromise')).toBeNull();
    expect(within(second).getByText('Not seen in other cases')).toBeInTheDocument();
    expect(within(second).queryByRole('link')).toBeNull();
    expect(screen.getByText('2 observables — that is all')).toBeInTheDocument();
  });

  it('shows an auditor the list without any write action', async () => {
    renderComponent(<ObservablesTab caseId={CASE_ID} canEdit={false} />, server(), { user: auditor });
    expect(await screen.findAllByTestId('observable-row')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Add observable' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Paste to add' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Edit/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();
    expect(screen.getByRole('link', { name: 'Seen in 2 other cases' })).toBeInTheDocument();
  });

  it('offers an auditor no add action on an empty list either', async () => {
    renderComponent(<ObservablesTab caseId={CASE_ID} canEdit={false} />, server([]), { user: auditor });
    expect(await screen.findByText('No observables yet')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Add|Paste/ })).toBeNull();
  });

  it('reads the next page with the cursor when asked', async () => {
    const fake = new FakeServer().on(LIST, (call) =>
      call.query.get('cursor') === 'next'
        ? json(200, { items: [hash], next_cursor: null })
        : json(200, { items: [url], next_cursor: 'next' }),
    );
    renderComponent(<ObservablesTab caseId={CASE_ID} canEdit />, fake);
    expect(await screen.findAllByTestId('observable-row')).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Load more observables' }));
    await waitFor(() => expect(screen.getAllByTestId('observable-row')).toHaveLength(2));
  });

  it('edits the markings with If-Match, sending only what changed', async () => {
    const fake = server().on('PATCH /observables/o2', () => json(200, { ...hash, ioc: true, version: 4 }));
    renderComponent(<ObservablesTab caseId={CASE_ID} canEdit />, fake);
    const rows = await screen.findAllByTestId('observable-row');
    await userEvent.click(within(rows[1]!).getByRole('button', { name: 'Edit the SHA-256 observable' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit the observable' });
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /Indicator of compromise/ }));
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Source' }), ' EDR alert ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(fake.count('PATCH /observables/o2')).toBe(1));
    const call = fake.calls.find((c) => c.method === 'PATCH');
    expect(call?.ifMatch).toBe('"3"');
    expect(call?.body).toEqual({ ioc: true, source: 'EDR alert' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('says so when someone else changed it first (412), and starts the form over from the latest version', async () => {
    let reads = 0;
    const fake = new FakeServer()
      .on(LIST, () => {
        reads++;
        const latest = reads > 1 ? { ...hash, tags: ['from-someone-else'], version: 4 } : hash;
        return json(200, { items: [latest], next_cursor: null });
      })
      .on('PATCH /observables/o2', () =>
        problem(412, 'Precondition Failed', { detail: 'This observable was changed by someone else.' }),
      );
    renderComponent(<ObservablesTab caseId={CASE_ID} canEdit />, fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit the SHA-256 observable' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit the observable' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Source' }), 'mine');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByText('Changed by someone else')).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).getByText('from-someone-else')).toBeInTheDocument());
    expect(within(dialog).getByRole('textbox', { name: 'Source' })).toHaveValue('');
    expect(fake.calls.find((c) => c.method === 'PATCH')?.ifMatch).toBe('"3"');
  });

  it('removes an observable only after a confirmation, with If-Match', async () => {
    const fake = server().on('DELETE /observables/o1', () => new Response(null, { status: 204 }));
    renderComponent(<ObservablesTab caseId={CASE_ID} canEdit />, fake);
    const rows = await screen.findAllByTestId('observable-row');
    await userEvent.click(within(rows[0]!).getByRole('button', { name: 'Remove the URL observable' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove the observable' });
    expect(within(dialog).getByTestId('observable-value')).toHaveTextContent(url.value);
    expect(fake.count('DELETE /observables/o1')).toBe(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove observable' }));
    await waitFor(() => expect(fake.count('DELETE /observables/o1')).toBe(1));
    expect(fake.calls.find((c) => c.method === 'DELETE')?.ifMatch).toBe('"1"');
  });

  it('exports the indicators as STIX for an auditor, red values left out unless chosen, and says how many were', async () => {
    const saved = captureSaves();
    const fake = server().on(`GET /cases/${CASE_ID}/observables/export`, (call) => {
      const red = call.query.get('include_red') === 'true';
      return new Response('{"type":"bundle"}', {
        headers: {
          'Content-Type': 'application/stix+json;version=2.1',
          'Content-Disposition': 'attachment; filename="INC-2026-0007-indicators.stix.json"',
          'X-Caseward-Withheld': red ? '0' : '1',
        },
      });
    });
    renderComponent(<ObservablesTab caseId={CASE_ID} canEdit={false} />, fake, { user: auditor });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Indicators as STIX 2.1' }));
    expect(await screen.findByTestId('observables-report')).toHaveTextContent(
      'Saved INC-2026-0007-indicators.stix.json. 1 TLP:RED value was left out.',
    );
    const first = fake.calls.find((c) => c.path.endsWith('/export'));
    expect(first?.query.get('format')).toBe('stix');
    expect(first?.query.get('include_red')).toBe('false');
    expect(saved.map((f) => f.name)).toEqual(['INC-2026-0007-indicators.stix.json']);

    await user.click(screen.getByRole('button', { name: 'Export' }));
    await user.click(
      await screen.findByRole('menuitem', { name: 'All observables as CSV, with TLP:RED', hidden: true }),
    );
    await waitFor(() => expect(fake.count(`GET /cases/${CASE_ID}/observables/export`)).toBe(2));
    const second = fake.calls.filter((c) => c.path.endsWith('/export'))[1];
    expect(second?.query.get('format')).toBe('csv');
    expect(second?.query.get('include_red')).toBe('true');
    await waitFor(() => expect(saved).toHaveLength(2));
  });
});
