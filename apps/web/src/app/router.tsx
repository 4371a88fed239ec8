/**
 * Routes. Pages are lazy-loaded so the first load stays small.
 *
 *   /                                   → /accounts/<default account>/zones
 *   /accounts/:accountId                → …/zones
 *   /accounts/:accountId/zones          Zones
 *   /accounts/:accountId/zones/:zoneId  Zone (a zone's name in place of its ID opens it too)
 *   /zones, /zones/:zoneId, /peers, …   the same, in the account last shown
 *   /accounts/:accountId/peers          Peers
 *   /accounts/:accountId/tsigs          TSIG keys
 *   /accounts/:accountId/acls           ACLs
 *   /audit?user=&operation=&…           Audit log (everyone; non-admins see their own entries)
 *   /users                              Users (admins; others see "Only admins can manage users")
 *   /sign-in?next=…                     Sign in (every other page needs a session)
 *   anything else                       Page not found (in the layout, signed in)
 */
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { PageLoader } from '../components/page-loader';
import { preloaded } from '../components/preloaded';
import { NotFoundPage } from './routes/not-found-page';
import { RootRedirect } from './routes/root-redirect';
import { RouteError } from './routes/route-error';
import { RequireSession } from './auth/require-session';
import { SECTIONS } from './sections';

// The signed-in layout (header, navbar, account picker, user menu: Mantine's AppShell, Select, Menu and Tooltip with
// floating-ui) is not needed for the first paint, "Checking your session" or the sign-in page: its code is fetched as
// soon as this module runs, in parallel with the session check, and rendered as soon as both are there.
const AppLayout = preloaded(() => import('./layout/app-layout').then((module) => module.AppLayout), <PageLoader />);

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const routes: RouteObject[] = [
  { path: '/sign-in', lazy: page(() => import('./routes/sign-in-page')), errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <RootRedirect />
      </RequireSession>
    ),
    errorElement: <RouteError />,
  },
  // Account-less shortcuts: the same page of the account last shown.
  ...SECTIONS.map(
    (section): RouteObject => ({
      path: `/${section.path}`,
      element: (
        <RequireSession>
          <RootRedirect section={section.path} />
        </RequireSession>
      ),
      errorElement: <RouteError />,
    }),
  ),
  // A zone by ID or by name (`/zones/cdn.example.net`, as support staff type it from a ticket).
  {
    path: '/zones/:zoneId',
    element: (
      <RequireSession>
        <RootRedirect section="zones" />
      </RequireSession>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/accounts/:accountId',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    errorElement: <RouteError />,
    HydrateFallback: () => <PageLoader />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Navigate to="zones" replace /> },
          { path: 'zones', lazy: page(() => import('./routes/zones-page')) },
          { path: 'zones/:zoneId', lazy: page(() => import('./routes/zone-page')) },
          { path: 'peers', lazy: page(() => import('./routes/peers-page')) },
          { path: 'tsigs', lazy: page(() => import('./routes/tsigs-page')) },
          { path: 'acls', lazy: page(() => import('./routes/acls-page')) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
  {
    // The dashboard's own pages: same layout, outside any account (the navbar keeps the last account shown).
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    errorElement: <RouteError />,
    HydrateFallback: () => <PageLoader />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { path: '/audit', lazy: page(() => import('./routes/audit-page')) },
          { path: '/users', lazy: page(() => import('./routes/users-page')) },
          { path: '/settings', lazy: page(() => import('./routes/settings-page')) },
          // Inside the layout: a mistyped address still shows the navigation (after sign-in, like every page).
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
