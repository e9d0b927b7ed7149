// Everything the views need around them: theme, query cache, API and auth.
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import type { Api } from '../api/client';
import { ApiError } from '../api/problem';
import { AuthProvider } from './auth';
import { theme } from './theme';

/** makeQueryClient: client errors (4xx) are not retried, server and network errors twice. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
}

export function Providers({ api, queryClient, children }: { api: Api; queryClient: QueryClient; children: ReactNode }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <AuthProvider api={api}>{children}</AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
