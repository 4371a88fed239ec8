/**
 * The dashboard's sections: one registry drives the navbar, the routes and the account picker. `SECTIONS` live
 * under an account (`/accounts/:accountId/<path>`); `APP_SECTIONS` are the dashboard's own pages (`/<path>`), each
 * with the least role that sees it in the navbar (the BFF enforces the same).
 */
import { IconAdjustments, IconKey, IconListCheck, IconServer2, IconShieldLock, IconUsers, IconWorld } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import type { Role } from '@secdns/api-types';

export interface Section {
  /** URL segment under /accounts/:accountId/. */
  path: 'zones' | 'peers' | 'tsigs' | 'acls';
  label: string;
  description: string;
  icon: ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean }>;
}

export const SECTIONS: readonly Section[] = [
  { path: 'zones', label: 'Zones', description: 'Secondary and primary zones, Force AXFR and NOTIFY', icon: IconWorld },
  { path: 'peers', label: 'Peers', description: 'The other nameservers', icon: IconServer2 },
  { path: 'tsigs', label: 'TSIGs', description: 'Keys that sign transfers', icon: IconKey },
  { path: 'acls', label: 'ACLs', description: 'Who may transfer from Cloudflare', icon: IconShieldLock },
];

export interface AppSection {
  path: 'audit' | 'users' | 'settings';
  /** Absolute URL. */
  to: string;
  label: string;
  description: string;
  icon: Section['icon'];
  /** Hidden in the navbar below this role. */
  least: Role;
}

export const APP_SECTIONS: readonly AppSection[] = [
  {
    path: 'audit',
    to: '/audit',
    label: 'Audit log',
    description: 'Who did what and when (admins: everyone; others: their own)',
    icon: IconListCheck,
    least: 'viewer',
  },
  { path: 'users', to: '/users', label: 'Users', description: 'Dashboard users and their roles', icon: IconUsers, least: 'admin' },
  {
    path: 'settings',
    to: '/settings',
    label: 'Settings',
    description: 'How this dashboard is set up (read-only: the server’s environment)',
    icon: IconAdjustments,
    least: 'admin',
  },
];

export const DEFAULT_SECTION: Section['path'] = 'zones';

/** The section of a pathname like `/accounts/abc/peers?q=x` (or the default). */
export function sectionOf(pathname: string): Section['path'] {
  const segment = pathname.split('/')[3];
  return SECTIONS.find((section) => section.path === segment)?.path ?? DEFAULT_SECTION;
}

export function sectionUrl(accountId: string, section: Section['path']): string {
  return `/accounts/${encodeURIComponent(accountId)}/${section}`;
}
