// How API keys' roles, kinds and states are named in the UI (docs/api-keys.md).
import type { APIKey, APIKeyRole, Role } from '../../api/types';
import { roleInfo } from '../roles';

/** The roles a key may hold, in the order a picker offers them: the user roles, then the tools' own. */
export const KEY_ROLES: readonly APIKeyRole[] = [
  'admin',
  'responder',
  'department_head',
  'auditor',
  'alert_ingest',
  'read_only',
];

/** isUserRole tells a user role (the key acts for an account holding it) from a tool's role (it acts for an administrator). */
export const isUserRole = (role: APIKeyRole): role is Role => role in roleInfo;

export const keyRoleInfo: Record<APIKeyRole, { label: string; color: string; summary: string }> = {
  ...roleInfo,
  alert_ingest: {
    label: 'Alert intake only',
    color: 'cyan',
    summary: 'May only send alerts (POST /alerts), for a SIEM or a scanner. Acts for you.',
  },
  read_only: {
    label: 'Read only',
    color: 'gray',
    summary: 'Reads everything an auditor reads and changes nothing, for a dashboard or a report. Acts for you.',
  },
};

/** keyRoleOptions are the role picker's choices, grouped: a person's role, or one made for tools. */
export const keyRoleOptions = [
  {
    group: "A person's role",
    items: KEY_ROLES.filter(isUserRole).map((r) => ({ value: r, label: keyRoleInfo[r].label })),
  },
  {
    group: 'For tools',
    items: KEY_ROLES.filter((r) => !isUserRole(r)).map((r) => ({ value: r, label: keyRoleInfo[r].label })),
  },
];

export const kindLabel: Record<APIKey['kind'], string> = { service: 'Tool', personal: 'Personal' };

export const stateInfo: Record<APIKey['state'], { label: string; color: string }> = {
  live: { label: 'Live', color: 'teal' },
  expired: { label: 'Expired', color: 'gray' },
  revoked: { label: 'Revoked', color: 'red' },
};
