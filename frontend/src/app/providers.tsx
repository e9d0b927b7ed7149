// Everything the views need around them: theme (light, dark or the system's), query cache, API and auth.
import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import './theme.css';

import type { Api } from '../api/client';
import { ApiError } from '../api/problem';
import { AuthProvider } from './auth';
import { COLOR_SCHEME_KEY, cssVariablesResolver, theme } from './theme';

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

// The scheme follows the system until the user picks one in the header; the choice is remembered per browser.
const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_KEY });

export function Providers({ api, queryClient, children }: { api: Api; queryClient: QueryClient; children: ReactNode }) {
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
    >
      <QueryClientProvider client={queryClient}>
        <AuthProvider api={api}>{children}</AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
