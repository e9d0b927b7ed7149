import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Role } from '../api/types';
import { FakeServer, json, problem } from '../test/fakeServer';
import { renderSignedIn, userWithRole } from '../test/signedIn';
import { navigationFor } from './nav';

/** The link labels as the navigation shows them, groups flattened in order. */
function labels(role: Role): string[] {
  return navigationFor(role).flatMap((i) =>
    i.kind === 'link' ? [i.label] : [i.label, ...i.links.map((l) => l.label)],
  );
}

describe('navigationFor', () => {
  it.each<[Role, string[]]>([
    [
      'admin',
      [
        'Overview',
        'Restoration',
        'Cases',
        'Alerts',
        'Observables',
        'Figures',
        'Audit',
        'Exports',
        'Administration',
        'Users',
        'Departments',
        'Services',
        'Regimes',
        'Playbooks',
        'Mail',
        'Webhooks',
        'API keys',
      ],
    ],
    ['responder', ['Overview', 'Restoration', 'Cases', 'Alerts', 'Observables', 'Figures', 'Services']],
    ['department_head', ['Overview', 'Restoration', 'Cases', 'Figures']],
    ['auditor', ['Overview', 'Restoration', 'Cases', 'Alerts', 'Observables', 'Figures', 'Audit', 'Exports']],
  ])('%s sees %j', (role, expected) => {
    expect(labels(role)).toEqual(expected);
  });
});

describe('the navigation in the shell', () => {
  it('shows a department head only the overview, restoration, the cases and the figures', async () => {
    const server = new FakeServer();
    renderSignedIn('/', server, userWithRole('department_head'));

    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(await within(nav).findByRole('link', { name: 'Overview' })).toBeInTheDocument();
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Overview', 'Restoration', 'Cases', 'Figures']);
  });

  it('shows an administrator the administration screens', async () => {
    const server = new FakeServer();
    renderSignedIn('/', server, userWithRole('admin'));

    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(await within(nav).findByRole('link', { name: 'Users' })).toHaveAttribute('href', '/admin/users');
    expect(within(nav).getByRole('link', { name: 'Departments' })).toHaveAttribute('href', '/admin/departments');
    expect(within(nav).getByRole('link', { name: 'Services' })).toHaveAttribute('href', '/services');
  });

  it('tells a responder the audit log is not available for their role, without asking the server', async () => {
    const server = new FakeServer();
    renderSignedIn('/audit', server, userWithRole('responder'));

    expect(await screen.findByText('Not available for your role')).toBeInTheDocument();
    expect(server.calls.some((c) => c.path.startsWith('/audit'))).toBe(false);
  });

  it('handles a 403 from the server as "not available" too', async () => {
    const server = new FakeServer().on('GET /audit', () =>
      problem(403, 'Forbidden', { detail: 'your role may not do this' }),
    );
    // An auditor may read the audit log; pretend the server says otherwise (a role changed meanwhile).
    renderSignedIn('/audit', server, userWithRole('auditor'));

    expect(await screen.findByText('Not available for your role')).toBeInTheDocument();
    expect(server.count('GET /audit')).toBe(1);
  });

  it('hides the create button from an auditor on the cases list', async () => {
    const server = new FakeServer().on('GET /cases', () => json(200, { items: [], next_cursor: null }));
    renderSignedIn('/cases', server, userWithRole('auditor'));

    expect(await screen.findByText('No cases yet')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /New case/ })).not.toBeInTheDocument();
  });
});
