import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer, json, problem, testUser, tokens } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { ssoErrorMessage } from './singleSignOn';

const withSSO = (password: boolean) => () => json(200, { password, sso: true, sso_name: 'Contoso ID' });

describe('single sign-on on the sign-in page', () => {
  it('offers "Sign in with <name>" beside the password form, keeping where the person was going', async () => {
    const server = new FakeServer().on('GET /auth/methods', withSSO(true));
    renderApp('/cases/INC-2026-0007?tab=evidence', server);

    const button = await screen.findByRole('link', { name: 'Sign in with Contoso ID' });
    expect(button).toHaveAttribute(
      'href',
      '/api/v1/auth/oidc/start?return_to=%2Fcases%2FINC-2026-0007%3Ftab%3Devidence',
    );
    expect(screen.getByLabelText('Email')).toBeVisible();
    expect(screen.getByText('or with a password')).toBeInTheDocument();
  });

  it('with passwords off hides the form behind an administrator sign-in link', async () => {
    const server = new FakeServer().on('GET /auth/methods', withSSO(false));
    renderApp('/login', server);

    await screen.findByRole('link', { name: 'Sign in with Contoso ID' });
    expect(screen.getByLabelText('Email')).not.toBeVisible();
    expect(screen.queryByRole('button', { name: 'Sign in' })).not.toBeInTheDocument(); // hidden from everyone

    await userEvent.setup().click(screen.getByRole('button', { name: 'Administrator sign-in' }));
    expect(screen.getByLabelText('Email')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });

  it('without single sign-on (or when the server cannot say) shows the password form alone', async () => {
    const server = new FakeServer().on('GET /auth/methods', () => problem(500, 'Internal Server Error'));
    renderApp('/login', server);

    expect(await screen.findByLabelText('Email')).toBeVisible();
    await waitFor(() => expect(server.count('GET /auth/methods')).toBe(1));
    expect(screen.queryByRole('link', { name: /Sign in with/ })).not.toBeInTheDocument();
  });

  it('tells why a single sign-on was refused', async () => {
    const server = new FakeServer().on('GET /auth/methods', withSSO(true));
    renderApp('/login?sso_error=no_role', server);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Single sign-on failed');
    expect(alert).toHaveTextContent('None of your groups at the sign-in provider gives access to Caseward');
  });
});

describe('the single sign-on handoff page', () => {
  it('exchanges the one-time code once and goes where the person was going', async () => {
    const server = new FakeServer()
      .on('POST /auth/oidc/exchange', () => json(200, tokens(1)))
      .on('GET /me', () => json(200, testUser));
    const { router } = renderApp(
      '/login/sso#code=ABCDEFGHIJKLMNOPQRSTUVWXYZ&return_to=%2Fcases%3Fstatus%3Dopen',
      server,
    );

    await waitFor(() => expect(router.state.location.pathname).toBe('/cases'));
    expect(router.state.location.search).toBe('?status=open');
    expect(server.count('POST /auth/oidc/exchange')).toBe(1);
    expect(server.calls.find((c) => c.path === '/auth/oidc/exchange')?.body).toEqual({
      code: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    });
  });

  it('sends a refused code back to the sign-in page with a readable message', async () => {
    const server = new FakeServer().on('POST /auth/oidc/exchange', () =>
      problem(401, 'Unauthorized', { detail: 'this sign-in code is not valid' }),
    );
    const { router } = renderApp('/login/sso#code=SPENT', server);

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(await screen.findByRole('alert')).toHaveTextContent('its one-time code was used already or has expired');
  });

  it('keeps the return path inside the app', async () => {
    const server = new FakeServer()
      .on('POST /auth/oidc/exchange', () => json(200, tokens(1)))
      .on('GET /me', () => json(200, testUser));
    const { router } = renderApp('/login/sso#code=ABC&return_to=https%3A%2F%2Fevil.example', server);

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
  });
});

describe('ssoErrorMessage', () => {
  it.each([
    ['disabled', 'Your Caseward account is disabled'],
    ['email_taken', 'already has your email address'],
    ['email', 'valid, verified email address'],
    ['state', 'started in another browser'],
    ['token', 'could not be verified'],
    ['something new', 'Single sign-on did not complete'],
  ])('%s', (code, words) => {
    expect(ssoErrorMessage(code)).toContain(words);
  });
});
