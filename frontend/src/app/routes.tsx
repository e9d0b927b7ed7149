// The client routes: /login and /status are public, everything else is behind RequireAuth inside the shell.
// Screens a role may not use show "not available for your role" (RoleGate); the server refuses them anyway.
//
// Each screen is its own chunk, loaded by the router (route.lazy) when a navigation matches it: on a
// first visit the router starts loading the screen while the session is restored, not after it. The
// shell, the sign-in page and what they need are in the entry chunk; see docs/performance.md.
import type { ComponentType } from 'react';
import { Navigate, type LazyRouteFunction, type RouteObject } from 'react-router';

import { LoginPage } from '../features/login/LoginPage';
import type { Area } from './access';
import { RequireAuth } from './RequireAuth';
import { RoleGate } from './RoleGate';
import { RouteError } from './RouteError';
import { RouteLoading } from './RouteLoading';
import { Shell } from './Shell';

/** screen loads a screen's chunk and, with an area, shows it only to the roles that may use it. */
function screen<M>(load: () => Promise<M>, pick: (m: M) => ComponentType, area?: Area): LazyRouteFunction<RouteObject> {
  return async () => {
    const Screen = pick(await load());
    return {
      element: area ? (
        <RoleGate area={area}>
          <Screen />
        </RoleGate>
      ) : (
        <Screen />
      ),
    };
  };
}

export const routes: RouteObject[] = [
  // The sign-in page stays in the entry chunk: it is the first screen of most visits.
  { path: '/login', element: <LoginPage />, errorElement: <RouteError />, hydrateFallbackElement: <RouteLoading /> },
  {
    // Where single sign-on lands with its one-time code (docs/sso.md).
    path: '/login/sso',
    lazy: screen(
      () => import('../features/login/SsoHandoffPage'),
      (m) => m.SsoHandoffPage,
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/status',
    lazy: screen(
      () => import('../features/status/StatusPage'),
      (m) => m.StatusPage,
    ),
    errorElement: <RouteError />,
  },
  {
    // A mail's unsubscribe link: no sign-in (docs/notifications.md, "Email").
    path: '/unsubscribe',
    lazy: screen(
      () => import('../features/mail/UnsubscribePage'),
      (m) => m.UnsubscribePage,
    ),
    errorElement: <RouteError />,
  },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    // Shown while the first screen's chunk loads (later navigations keep the current screen meanwhile).
    hydrateFallbackElement: <RouteLoading />,
    children: [
      {
        element: <Shell />,
        children: [
          {
            // Errors in a page show inside the shell, with the navigation still there.
            errorElement: <RouteError />,
            children: [
              {
                index: true,
                lazy: screen(
                  () => import('./Landing'),
                  (m) => m.Landing,
                ),
              },
              {
                path: 'restoration',
                lazy: screen(
                  () => import('../features/restoration/RestorationDashboardPage'),
                  (m) => m.RestorationDashboardPage,
                  'restoration',
                ),
              },
              {
                path: 'cases',
                lazy: screen(
                  () => import('../features/cases/CasesPage'),
                  (m) => m.CasesPage,
                  'cases',
                ),
              },
              {
                path: 'cases/:id',
                lazy: screen(
                  () => import('../features/case/CasePage'),
                  (m) => m.CasePage,
                  'cases',
                ),
              },
              {
                path: 'alerts',
                lazy: screen(
                  () => import('../features/alerts/AlertsPage'),
                  (m) => m.AlertsPage,
                  'alerts',
                ),
              },
              {
                path: 'observables',
                lazy: screen(
                  () => import('../features/observables/ObservableSearchPage'),
                  (m) => m.ObservableSearchPage,
                  'observables',
                ),
              },
              {
                path: 'reports',
                lazy: screen(
                  () => import('../features/reports/ReportsPage'),
                  (m) => m.ReportsPage,
                  'reports',
                ),
              },
              {
                path: 'audit',
                lazy: screen(
                  () => import('../features/audit/AuditPage'),
                  (m) => m.AuditPage,
                  'audit',
                ),
              },
              {
                path: 'exports',
                lazy: screen(
                  () => import('../features/exports/ExportsPage'),
                  (m) => m.ExportsPage,
                  'exports',
                ),
              },
              { path: 'admin', element: <Navigate to="/admin/users" replace /> },
              {
                path: 'admin/users',
                lazy: screen(
                  () => import('../features/admin/UsersPage'),
                  (m) => m.UsersPage,
                  'users',
                ),
              },
              {
                path: 'admin/departments',
                lazy: screen(
                  () => import('../features/admin/DepartmentsPage'),
                  (m) => m.DepartmentsPage,
                  'departments',
                ),
              },
              {
                path: 'admin/regimes',
                lazy: screen(
                  () => import('../features/admin/regimes/RegimesPage'),
                  (m) => m.RegimesPage,
                  'regimes',
                ),
              },
              {
                path: 'admin/webhooks',
                lazy: screen(
                  () => import('../features/admin/webhooks/WebhooksPage'),
                  (m) => m.WebhooksPage,
                  'webhooks',
                ),
              },
              {
                path: 'admin/api-keys',
                lazy: screen(
                  () => import('../features/admin/apikeys/APIKeysPage'),
                  (m) => m.APIKeysPage,
                  'apikeys',
                ),
              },
              {
                path: 'admin/playbooks',
                lazy: screen(
                  () => import('../features/admin/PlaybooksPage'),
                  (m) => m.PlaybooksPage,
                  'playbooks',
                ),
              },
              {
                path: 'admin/mail',
                lazy: screen(
                  () => import('../features/mail/MailPage'),
                  (m) => m.MailPage,
                  'mail',
                ),
              },
              {
                path: 'services',
                lazy: screen(
                  () => import('../features/admin/ServicesPage'),
                  (m) => m.ServicesPage,
                  'services',
                ),
              },
              // A service's page is for everyone who follows restoration, not only those who manage services.
              {
                path: 'services/:id',
                lazy: screen(
                  () => import('../features/service/ServicePage'),
                  (m) => m.ServicePage,
                  'restoration',
                ),
              },
              {
                path: 'account',
                lazy: screen(
                  () => import('../features/account/AccountPage'),
                  (m) => m.AccountPage,
                ),
              },
              {
                path: '*',
                lazy: screen(
                  () => import('../features/notfound/NotFoundPage'),
                  (m) => m.NotFoundPage,
                ),
              },
            ],
          },
        ],
      },
    ],
  },
];
