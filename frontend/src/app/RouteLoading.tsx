// What shows while the first screen's chunk loads: the session restore's message, or a plain spinner.
import { FullPageLoader } from '../components/FullPageState';
import { useAuth } from './auth';

export function RouteLoading() {
  const { status } = useAuth();
  return <FullPageLoader label={status === 'loading' ? 'Restoring your session…' : 'Loading…'} />;
}
