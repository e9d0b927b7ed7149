// Entry point: one Api instance, one query cache, the router.
import '@mantine/core/styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';

import { createApi } from '../api/client';
import { warmDates } from '../components/dates';
import { makeQueryClient, Providers } from './providers';
import { routes } from './routes';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const api = createApi();
const queryClient = makeQueryClient();
const router = createBrowserRouter(routes);

createRoot(root).render(
  <StrictMode>
    <Providers api={api} queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
// While the session is restored over the network, not when the first rows render.
setTimeout(warmDates, 0);
