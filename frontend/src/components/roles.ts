// How each role is named and described in the UI (roles from DESIGN.md).
import type { components } from '../api/schema';

export type Role = components['schemas']['Role'];

export const roleInfo: Record<Role, { label: string; color: string; summary: string }> = {
  admin: {
    label: 'Administrator',
    color: 'grape',
    summary: 'Manages users, departments and services, and can do everything a responder can.',
  },
  responder: {
    label: 'Responder',
    color: 'indigo',
    summary:
      'Opens and runs incident cases: suspensions, evidence with chain of custody, notes and restoration plans, with regulator deadlines in view.',
  },
  department_head: {
    label: 'Department head',
    color: 'teal',
    summary:
      "Follows the department's services: which are down, since when, when they are expected back and which milestones are late. Read-only, but may add notes.",
  },
  auditor: {
    label: 'Auditor',
    color: 'orange',
    summary:
      'Reads every case, exports case histories and the audit log, and verifies that nothing was altered. Never changes anything.',
  },
};
