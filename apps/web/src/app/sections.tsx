/** The dashboard's sections: one registry drives the navbar, the routes and the account picker. */
import { IconKey, IconServer2, IconShieldLock, IconWorld } from '@tabler/icons-react';
import type { ComponentType } from 'react';

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

export const DEFAULT_SECTION: Section['path'] = 'zones';

/** The section of a pathname like `/accounts/abc/peers?q=x` (or the default). */
export function sectionOf(pathname: string): Section['path'] {
  const segment = pathname.split('/')[3];
  return SECTIONS.find((section) => section.path === segment)?.path ?? DEFAULT_SECTION;
}

export function sectionUrl(accountId: string, section: Section['path']): string {
  return `/accounts/${encodeURIComponent(accountId)}/${section}`;
}
