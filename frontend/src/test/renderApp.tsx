// Renders the whole app (real routes, providers and client) against a FakeServer.
import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';

import { createApi, type Api } from '../api/client';
import { Providers } from '../app/providers';
import { routes } from '../app/routes';
import { memoryStorage, type FakeServer } from './fakeServer';

export const BASE_URL = 'http://caseward.test/api/v1';

// The app loads each screen as its own chunk (route.lazy). Tests load them all up front, as the
// routes once imported them: otherwise the first test of a file pays for transforming its screen
// within its own time limit.
import.meta.glob(['../features/*/*Page.tsx', '../app/Landing.tsx', '!../features/login/LoginPage.tsx'], {
  eager: true,
});

export function testApi(server: FakeServer, storage: Storage = memoryStorage()): Api {
  return createApi({ baseUrl: BASE_URL, fetch: server.fetch, storage, locks: null, events: null });
}

export function renderApp(path: string, server: FakeServer, api: Api = testApi(server)) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const view = render(
    <Providers api={api} queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...view, api, router };
}
