/** What each role may do, in the words the Users page and the role select show. */
import { ROLES, type Role } from '@secdns/api-types';

export const ROLE_INFO: Record<Role, { label: string; description: string; color: string }> = {
  viewer: {
    label: 'Viewer',
    description: 'Reads everything except TSIG secrets.',
    color: 'gray',
  },
  operator: {
    label: 'Operator',
    description: 'Viewer + Force AXFR and Force NOTIFY (support staff).',
    color: 'blue',
  },
  admin: {
    label: 'Admin',
    description: 'Everything: peers, TSIG keys and secrets, ACLs, zone transfer settings, and users.',
    color: 'grape',
  },
};

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_INFO[role].label }));
