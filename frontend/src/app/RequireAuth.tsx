// Guards the signed-in routes: waits for a session restore, else sends the visitor to /login.
import { Navigate, Outlet, useLocation } from 'react-router';

import { FullPageError, FullPageLoader } from '../components/FullPageState';
import { useAuth } from './auth';

/** The state /login receives: where to go back to after signing in. */
export interface LoginState {
  from?: string;
}

export function RequireAuth() {
  const { status, retryRestore } = useAuth();
  const location = useLocation();

  switch (status) {
    case 'loading':
      return <FullPageLoader label="Restoring your session…" />;
    case 'unavailable':
      return (
        <FullPageError
          title="Caseward is not answering"
          message="Your session could not be restored because the server could not be reached. Check your connection and try again."
          onRetry={retryRestore}
        />
      );
    case 'signed-out': {
      const state: LoginState = { from: location.pathname + location.search + location.hash };
      return <Navigate to="/login" replace state={state} />;
    }
    case 'signed-in':
      return <Outlet />;
  }
}
