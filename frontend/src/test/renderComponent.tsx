// Rendering one component (not the whole app) for a signed-in user against a FakeServer,
// with every request it sends kept for the test to inspect.
import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';

import { createApi } from '../api/client';
import type { User } from '../api/session';
import { Providers } from '../app/providers';
import { memoryStorage, testUser, tokens, type FakeServer } from './fakeServer';
import { BASE_URL } from './renderApp';

/** renderComponent renders ui at path for user (a responder by default); requests lists every request sent. */
export function renderComponent(ui: ReactElement, server: FakeServer, options: { user?: User; path?: string } = {}) {
  const requests: Request[] = [];
  const api = createApi({
    baseUrl: BASE_URL,
    fetch: async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      requests.push(request.clone());
      return server.fetch(request);
    },
    storage: memoryStorage(),
    locks: null,
    events: null,
  });
  api.session.start(tokens(1, options.user ?? testUser));
  const router = createMemoryRouter([{ path: '*', element: ui }], { initialEntries: [options.path ?? '/'] });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const view = render(
    <Providers api={api} queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...view, api, router, requests, queryClient };
}
