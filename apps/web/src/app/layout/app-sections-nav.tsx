/**
 * The navbar's links to the dashboard's own pages (Audit log, Users), each shown only to a role that reaches its
 * `least` role (`usePermission`, the one place that reads the role). Loaded lazily by the layout: the permission
 * module brings the contract (and zod) with it, which the first paint does not need.
 */
import { NavLink } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { usePermission } from '../../lib/permissions';
import { APP_SECTIONS, type AppSection } from '../sections';

function AppSectionLink({ section, onNavigate }: { section: AppSection; onNavigate: () => void }) {
  const location = useLocation();
  const permission = usePermission({ role: section.least });
  if (!permission.allowed) return null;
  const active = location.pathname === section.to || location.pathname.startsWith(`${section.to}/`);
  const Icon = section.icon;
  return (
    <NavLink
      component={Link}
      to={section.to}
      label={section.label}
      title={section.description}
      leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
      active={active}
      aria-current={active ? 'page' : undefined}
      onClick={onNavigate}
    />
  );
}

export default function AppSectionsNav({ onNavigate }: { onNavigate: () => void }) {
  return (
    <>
      {APP_SECTIONS.map((section) => (
        <AppSectionLink key={section.path} section={section} onNavigate={onNavigate} />
      ))}
    </>
  );
}
