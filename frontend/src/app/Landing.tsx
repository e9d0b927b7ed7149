// The page "/" shows: department heads land on the restoration dashboard, the
// question they come with every day; everyone else on the overview.
import { Navigate } from 'react-router';

import { OverviewPage } from '../features/overview/OverviewPage';
import { useSignedInUser } from './auth';

export function Landing() {
  const me = useSignedInUser();
  if (me.role === 'department_head') return <Navigate to="/restoration" replace />;
  return <OverviewPage />;
}
