import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem, testUser, tokens } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { safeReturnPath } from './LoginPage';
import { duration } from './SignInAlert';

async function submit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('shows a clear alert for wrong credentials and stays on the page', async () => {
    const server = new FakeServer().on('POST /auth/login', () =>
      problem(401, 'Unauthorized', { detail: 'invalid credentials' }),
    );
    const { router } = renderApp('/login', server);

    await submit('ada@example.org', 'wrong password');

    expect(await screen.findByRole('alert')).toHaveTextContent('Email or password is incorrect');
    expect(router.state.location.pathname).toBe('/login');
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({
      email: 'ada@example.org',
      password: 'wrong password',
    });
  });

  it('shows 422 field errors on their fields', async () => {
    const server = new FakeServer().on('POST /auth/login', () =>
      problem(422, 'Validation failed', {
        errors: [{ field: 'email', message: 'must be at most 254 characters' }],
      }),
    );
    renderApp('/login', server);

    await submit('x@example.org', 'secret');

    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('must be at most 254 characters');
    expect(screen.getByLabelText('Password')).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('tells how long to wait when sign-in is throttled', async () => {
    const server = new FakeServer().on('POST /auth/login', () =>
      problem(429, 'Too Many Requests', {}, { 'Retry-After': '42' }),
    );
    renderApp('/login', server);

    await submit('ada@example.org', 'again');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many sign-in attempts');
    expect(alert).toHaveTextContent(/Try again in (42|41) seconds/);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  });

  it('checks for empty fields without asking the server', async () => {
    const server = new FakeServer();
    renderApp('/login', server);

    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter your email address.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    expect(server.count('POST /auth/login')).toBe(0);
  });

  it('after signing in goes to the page first asked for', async () => {
    const server = new FakeServer()
      .on('POST /auth/login', () => json(200, tokens(1)))
      .on('GET /me', () => json(200, testUser));
    const { router } = renderApp('/cases/INC-2026-0007?tab=evidence', server);

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    await submit('ada@example.org', 'correct horse battery');

    await waitFor(() => expect(router.state.location.pathname).toBe('/cases/INC-2026-0007'));
    expect(router.state.location.search).toBe('?tab=evidence');
    expect(await screen.findByTestId('user-name')).toHaveTextContent('Ada Lovelace');
  });
});

describe('safeReturnPath', () => {
  it.each([
    ['/cases', '/cases'],
    [undefined, '/'],
    ['https://evil.example', '/'],
    ['//evil.example', '/'],
    ['/login', '/'],
  ])('%s → %s', (from, expected) => {
    expect(safeReturnPath(from)).toBe(expected);
  });
});

describe('duration', () => {
  it.each([
    [1, '1 second'],
    [42, '42 seconds'],
    [60, '1 min'],
    [899, '14 min 59 s'],
  ])('%i s → %s', (seconds, expected) => {
    expect(duration(seconds)).toBe(expected);
  });
});
