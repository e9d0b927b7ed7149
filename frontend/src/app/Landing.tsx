// The page "/" shows: the overview, whose My work answers each role's first question (a
// department head's is their department's suspended services, with the dashboard one link away).
import { OverviewPage } from '../features/overview/OverviewPage';

export function Landing() {
  return <OverviewPage />;
}
