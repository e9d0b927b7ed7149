// Guards a screen by role: a role that may not use it sees a clear "not available" state instead.
import type { ReactNode } from 'react';

import { NotAvailable } from '../components/PageStates';
import { canUse, type Area } from './access';
import { useSignedInUser } from './auth';

export function RoleGate({ area, children }: { area: Area; children: ReactNode }) {
  const user = useSignedInUser();
  return canUse(user.role, area) ? children : <NotAvailable />;
}
