import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { AuditEvent } from '../../api/types';
import { FakeServer, json } from '../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../test/signedIn';

const event: AuditEvent = {
  seq: 42,
  occurred_at: '2026-03-02T10:00:00Z',
  actor_id: '0190a5f0-0000-7000-8000-0000000000b0',
  actor_email: 'bob@example.org',
  action: 'case.update',
  entity_type: 'case',
  entity_id: '0190a5f0-0000-7000-8000-0000000000c7',
  case_id: '0190a5f0-0000-7000-8000-0000000000c7',
  request_id: 'req-1',
  ip: '10.0.0.7',
  changes: { severity: ['medium', 'critical'] },
  prev_hash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

const auditor = userWithRole('auditor');

describe('the audit screen', () => {
  it('shows a broken chain plainly, with the seq where it breaks', async () => {
    const server = new FakeServer()
      .on('GET /audit', () => json(200, { items: [event], next_cursor: null }))
      .on('GET /audit/verify', () => json(200, { valid: false, checked: 41, first_invalid_seq: 42 }));
    renderSignedIn('/audit', server, auditor);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Verify chain' }));
    const result = await screen.findByTestId('verify-result');
    expect(result).toHaveTextContent('Chain broken');
    expect(result).toHaveTextContent('broken at seq 42');
  });

  it('opens an event to its changes as old → new, and filters by its actor through the URL', async () => {
    const server = new FakeServer().on('GET /audit', () => json(200, { items: [event], next_cursor: 'next' }));
    const { router } = renderSignedIn('/audit?action=case.update', server, auditor);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Show the details of event 42' }));
    const changes = await screen.findByTestId('change-list');
    expect(within(changes).getByText('medium')).toBeInTheDocument();
    expect(within(changes).getByText('critical')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Load more events' })).toBeInTheDocument();
    expect(server.calls.find((c) => c.path === '/audit')?.query.get('action')).toBe('case.update');

    await user.click(screen.getByRole('button', { name: 'Only events by bob@example.org' }));
    await waitFor(() => expect(router.state.location.search).toContain(`actor=${event.actor_id}`));
    await waitFor(() =>
      expect(
        server.calls
          .filter((c) => c.path === '/audit')
          .at(-1)
          ?.query.get('actor_id'),
      ).toBe(event.actor_id),
    );
  });

  it('names each entity, linked to its case, and searches as the reader types', async () => {
    const named: AuditEvent = {
      ...event,
      seq: 43,
      action: 'evidence.create',
      entity_type: 'evidence',
      entity_id: '0190a5f0-0000-7000-8000-0000000000e1',
      entity_name: 'Disk image of FS01',
      case_reference: 'INC-2026-0007',
    };
    const unnamed: AuditEvent = {
      ...event,
      seq: 41,
      action: 'auth.login',
      entity_type: 'user',
      entity_id: null,
      case_id: null,
    };
    const server = new FakeServer().on('GET /audit', (call) =>
      json(200, { items: call.query.get('q') === 'disk' ? [named] : [named, unnamed], next_cursor: null }),
    );
    const { router } = renderSignedIn('/audit', server, auditor);
    const user = userEvent.setup();

    const entities = await screen.findAllByTestId('audit-entity');
    expect(entities[0]).toHaveTextContent('Disk image of FS01');
    expect(entities[0]).toHaveTextContent('Evidence · INC-2026-0007');
    expect(within(entities[0] as HTMLElement).getByRole('link', { name: 'Disk image of FS01' })).toHaveAttribute(
      'href',
      `/cases/${event.case_id}`,
    );
    expect(entities[1]).toHaveTextContent('User');
    expect(within(entities[1] as HTMLElement).queryByRole('link')).not.toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Search the audit log' }), 'disk');
    await waitFor(() =>
      expect(
        server.calls
          .filter((c) => c.path === '/audit')
          .at(-1)
          ?.query.get('q'),
      ).toBe('disk'),
    );
    // Typing is one search, sent once the reader pauses, not one per key.
    expect(server.calls.filter((c) => c.path === '/audit' && c.query.get('q')).map((c) => c.query.get('q'))).toEqual([
      'disk',
    ]);
    await waitFor(() => expect(router.state.location.search).toContain('q=disk'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(1));
  });

  it('says plainly when a search finds nothing', async () => {
    const server = new FakeServer().on('GET /audit', () => json(200, { items: [], next_cursor: null }));
    renderSignedIn('/audit?q=nothing', server, auditor);
    expect(await screen.findByText('Nothing in the audit log matches “nothing”')).toBeInTheDocument();
  });

  describe('on a phone', () => {
    afterEach(() => vi.restoreAllMocks());

    it('folds the filters behind a button that counts those in use, keeping the search in view', async () => {
      const matchMedia = window.matchMedia.bind(window);
      vi.spyOn(window, 'matchMedia').mockImplementation((query) => ({
        ...matchMedia(query),
        matches: query === '(max-width: 48em)',
      }));
      const server = new FakeServer().on('GET /audit', () => json(200, { items: [event], next_cursor: null }));
      renderSignedIn('/audit?action=case.update&entity=case', server, auditor);
      const user = userEvent.setup();

      const toggle = await screen.findByRole('button', { name: 'Filters (2)' });
      expect(toggle).toHaveAttribute('aria-expanded', 'false');
      expect(screen.getByRole('textbox', { name: 'Search the audit log' })).toBeVisible();
      expect(screen.queryByLabelText('From')).not.toBeInTheDocument();

      await user.click(toggle);
      expect(toggle).toHaveAttribute('aria-expanded', 'true');
      // The fold opens with a transition: the field exists at once and shows when it ends.
      await waitFor(() => expect(screen.getByLabelText('From')).toBeVisible());
    });
  });
});
