// The main navigation, built for the signed-in role: only what that role may use is listed.
import {
  IconBellRinging,
  IconBook2,
  IconBuilding,
  IconChartBar,
  IconFileExport,
  IconFingerprint,
  IconFolders,
  IconHeartRateMonitor,
  IconKey,
  IconLayoutDashboard,
  IconListCheck,
  IconMail,
  IconScale,
  IconServer2,
  IconSettings,
  IconUsers,
  IconWebhook,
  type Icon,
} from '@tabler/icons-react';

import type { Role } from '../api/types';
import { canUse, type Area } from './access';

export interface NavLinkItem {
  kind: 'link';
  to: string;
  label: string;
  icon: Icon;
  area: Area;
}

export interface NavGroupItem {
  kind: 'group';
  label: string;
  icon: Icon;
  links: NavLinkItem[];
}

export type NavItem = NavLinkItem | NavGroupItem;

const link = (to: string, label: string, icon: Icon, area: Area): NavLinkItem => ({
  kind: 'link',
  to,
  label,
  icon,
  area,
});

const overview = link('/', 'Overview', IconLayoutDashboard, 'overview');
const restoration = link('/restoration', 'Restoration', IconHeartRateMonitor, 'restoration');
const cases = link('/cases', 'Cases', IconFolders, 'cases');
const alerts = link('/alerts', 'Alerts', IconBellRinging, 'alerts');
const observables = link('/observables', 'Observables', IconFingerprint, 'observables');
const exportsLink = link('/exports', 'Exports', IconFileExport, 'exports');
const audit = link('/audit', 'Audit', IconListCheck, 'audit');
const reports = link('/reports', 'Figures', IconChartBar, 'reports');
const users = link('/admin/users', 'Users', IconUsers, 'users');
const departments = link('/admin/departments', 'Departments', IconBuilding, 'departments');
const services = link('/services', 'Services', IconServer2, 'services');
const regimes = link('/admin/regimes', 'Regimes', IconScale, 'regimes');
const playbooks = link('/admin/playbooks', 'Playbooks', IconBook2, 'playbooks');
const mail = link('/admin/mail', 'Mail', IconMail, 'mail');
const webhooks = link('/admin/webhooks', 'Webhooks', IconWebhook, 'webhooks');
const apiKeys = link('/admin/api-keys', 'API keys', IconKey, 'apikeys');

/**
 * navigationFor lists the screens role may use. Administrators find users, departments and
 * services under "Administration"; responders, who may manage services too, find them at the top.
 */
export function navigationFor(role: Role): NavItem[] {
  const items: NavItem[] = [overview, restoration, cases, alerts, observables, reports, audit, exportsLink].filter(
    (i) => canUse(role, i.area),
  );
  if (role === 'admin') {
    items.push({
      kind: 'group',
      label: 'Administration',
      icon: IconSettings,
      links: [users, departments, services, regimes, playbooks, mail, webhooks, apiKeys],
    });
  } else if (canUse(role, 'services')) {
    items.push(services);
  }
  return items;
}
