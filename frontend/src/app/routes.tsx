// The client routes: /login and /status are public, everything else is behind RequireAuth inside the shell.
// Screens a role may not use show "not available for your role" (RoleGate); the server refuses them anyway.
import { Navigate, type RouteObject } from 'react-router';

import { DepartmentsPage } from '../features/admin/DepartmentsPage';
import { ServicesPage } from '../features/admin/ServicesPage';
import { UsersPage } from '../features/admin/UsersPage';
import { AccountPage } from '../features/account/AccountPage';
import { AuditPage } from '../features/audit/AuditPage';
import { CasePage } from '../features/case/CasePage';
import { CasesPage } from '../features/cases/CasesPage';
import { ExportsPage } from '../features/exports/ExportsPage';
import { LoginPage } from '../features/login/LoginPage';
import { NotFoundPage } from '../features/notfound/NotFoundPage';
import { RestorationDashboardPage } from '../features/restoration/RestorationDashboardPage';
import { ServicePage } from '../features/service/ServicePage';
import { StatusPage } from '../features/status/StatusPage';
import { RequireAuth } from './RequireAuth';
import { RoleGate } from './RoleGate';
import { RouteError } from './RouteError';
import { Shell } from './Shell';
import { Landing } from './Landing';

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/status', element: <StatusPage />, errorElement: <RouteError /> },
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
              { index: true, element: <Landing /> },
              {
                path: 'restoration',
                element: (
                  <RoleGate area="restoration">
                    <RestorationDashboardPage />
                  </RoleGate>
                ),
              },
              {
                path: 'cases',
                element: (
                  <RoleGate area="cases">
                    <CasesPage />
                  </RoleGate>
                ),
              },
              {
                path: 'cases/:id',
                element: (
                  <RoleGate area="cases">
                    <CasePage />
                  </RoleGate>
                ),
              },
              {
                path: 'audit',
                element: (
                  <RoleGate area="audit">
                    <AuditPage />
                  </RoleGate>
                ),
              },
              {
                path: 'exports',
                element: (
                  <RoleGate area="exports">
                    <ExportsPage />
                  </RoleGate>
                ),
              },
              { path: 'admin', element: <Navigate to="/admin/users" replace /> },
              {
                path: 'admin/users',
                element: (
                  <RoleGate area="users">
                    <UsersPage />
                  </RoleGate>
                ),
              },
              {
                path: 'admin/departments',
                element: (
                  <RoleGate area="departments">
                    <DepartmentsPage />
                  </RoleGate>
                ),
              },
              {
                path: 'services',
                element: (
                  <RoleGate area="services">
                    <ServicesPage />
                  </RoleGate>
                ),
              },
              // A service's page is for everyone who follows restoration, not only those who manage services.
              {
                path: 'services/:id',
                element: (
                  <RoleGate area="restoration">
                    <ServicePage />
                  </RoleGate>
                ),
              },
              { path: 'account', element: <AccountPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];
