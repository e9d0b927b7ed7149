// Ordering the dashboard: what is down comes first, worst first; then what came back, latest first.
import { suspensionHealth, type Health } from '../../components/restoration/health';
import type { DashboardItem } from '../../components/restoration/types';

const healthRank: Record<Health, number> = {
  slipping: 0,
  at_risk: 1,
  no_plan: 2,
  on_track: 3,
  restored: 4,
  cancelled: 5,
};

/** byUrgency: slipping, then at risk, then no plan yet, then on track; longest down first; then by name. */
export function byUrgency(a: DashboardItem, b: DashboardItem): number {
  return (
    healthRank[suspensionHealth(a.suspension)] - healthRank[suspensionHealth(b.suspension)] ||
    Date.parse(a.suspension.suspended_at) - Date.parse(b.suspension.suspended_at) ||
    a.service_name.localeCompare(b.service_name)
  );
}

/** splitDashboard separates suspensions still active from those recently restored; cancelled ones are left out. */
export function splitDashboard(items: DashboardItem[]): { active: DashboardItem[]; restored: DashboardItem[] } {
  const active = items.filter((i) => i.suspension.status === 'active').sort(byUrgency);
  const restored = items
    .filter((i) => i.suspension.status === 'restored')
    .sort((a, b) => Date.parse(b.suspension.restored_at ?? '') - Date.parse(a.suspension.restored_at ?? ''));
  return { active, restored };
}
