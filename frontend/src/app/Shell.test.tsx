import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { REFRESH_TOKEN_KEY } from '../api/session';
import { FakeServer, json, memoryStorage, problem, testUser, tokens } from '../test/fakeServer';
import { renderApp, testApi } from '../test/renderApp';
import { COLOR_SCHEME_KEY } from './theme';

function storedSession() {
  const storage = memoryStorage();
  storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
  return storage;
}

describe('the signed-in shell', () => {
  it('restores a stored session on start, then shows the overview', async () => {
    const server = new FakeServer()
      .on('POST /auth/refresh', () => json(200, tokens(2)))
      .on('GET /me', () => json(200, testUser));
    renderApp('/', server, testApi(server, storedSession()));

    expect(screen.getByText('Restoring your session…')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Welcome, Ada' })).toBeInTheDocument();
    expect(screen.getByTestId('user-name')).toHaveTextContent('Ada Lovelace');
    expect(server.count('POST /auth/refresh')).toBe(1);
    expect(server.calls.find((c) => c.path === '/me')?.authorization).toBe('Bearer access-2');
  });

  it('sends the visitor to sign in when the stored session has expired', async () => {
    const server = new FakeServer().on('POST /auth/refresh', () => problem(401, 'Unauthorized'));
    const storage = storedSession();
    const { router } = renderApp('/', server, testApi(server, storage));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('offers a retry when the server cannot be reached to restore the session', async () => {
    let up = false;
    const server = new FakeServer()
      .on('POST /auth/refresh', () => {
        if (!up) throw new TypeError('Failed to fetch');
        return json(200, tokens(2));
      })
      .on('GET /me', () => json(200, testUser));
    renderApp('/', server, testApi(server, storedSession()));

    expect(await screen.findByText('Caseward is not answering')).toBeInTheDocument();
    up = true;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Welcome, Ada' })).toBeInTheDocument();
  });

  it('shows an error with a retry when the overview cannot load', async () => {
    const server = new FakeServer()
      .on('POST /auth/refresh', () => json(200, tokens(2)))
      .on('GET /me', () => problem(500, 'Internal Server Error', { detail: 'The server could not answer.' }));
    renderApp('/', server, testApi(server, storedSession()));

    expect(await screen.findByText('Your account could not be loaded')).toBeInTheDocument();
    expect(screen.getByText('The server could not answer.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('signs out from the user menu and returns to the sign-in page', async () => {
    const server = new FakeServer()
      .on('POST /auth/refresh', () => json(200, tokens(2)))
      .on('GET /me', () => json(200, testUser))
      .on('POST /auth/logout', () => new Response(null, { status: 204 }));
    const storage = storedSession();
    const { router } = renderApp('/', server, testApi(server, storage));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: /^Account menu for Ada Lovelace/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out', hidden: true }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(server.calls.find((c) => c.path === '/auth/logout')?.body).toEqual({ refresh_token: 'refresh-2' });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('shows the not-found page for unknown routes, with a way home', async () => {
    const server = new FakeServer()
      .on('POST /auth/refresh', () => json(200, tokens(2)))
      .on('GET /me', () => json(200, testUser));
    renderApp('/no/such/page', server, testApi(server, storedSession()));

    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByText('/no/such/page')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('link', { name: 'Back to the overview' }));
    expect(await screen.findByRole('heading', { name: 'Welcome, Ada' })).toBeInTheDocument();
  });

  it('starts with a skip link to the page, and remembers the colour scheme chosen in the header', async () => {
    const server = new FakeServer()
      .on('POST /auth/refresh', () => json(200, tokens(2)))
      .on('GET /me', () => json(200, testUser));
    renderApp('/', server, testApi(server, storedSession()));
    expect(await screen.findByRole('heading', { name: 'Welcome, Ada' })).toBeInTheDocument();
    const user = userEvent.setup();

    await user.tab();
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('main')).toHaveFocus();

    // The system's scheme (light in jsdom) until a choice is made; the choice is stored for the next visit.
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'light');
    await user.click(screen.getByRole('button', { name: 'Dark scheme' }));
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark');
    expect(screen.getByRole('button', { name: 'Dark scheme' })).toHaveAttribute('aria-pressed', 'true');
    expect(window.localStorage.getItem(COLOR_SCHEME_KEY)).toBe('dark');
    await user.click(screen.getByRole('button', { name: 'Follow the system' }));
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'light');
    expect(window.localStorage.getItem(COLOR_SCHEME_KEY)).toBe('auto');
  });
});
