// The client routes: /login is public, everything else is behind RequireAuth inside the shell.
import type { RouteObject } from 'react-router';

import { LoginPage } from '../features/login/LoginPage';
import { NotFoundPage } from '../features/notfound/NotFoundPage';
import { OverviewPage } from '../features/overview/OverviewPage';
import { RequireAuth } from './RequireAuth';
import { RouteError } from './RouteError';
import { Shell } from './Shell';

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      {
        element: <Shell />,
        children: [
          {
            // Errors in a page show inside the shell, with the navigation still there.
            errorElement: <RouteError />,
            children: [
              { index: true, element: <OverviewPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];
