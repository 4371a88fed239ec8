import {
  ActionIcon,
  Anchor,
  AppShell,
  Badge,
  Box,
  Burger,
  Divider,
  Group,
  NavLink,
  Progress,
  Stack,
  Text,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconMoon, IconSun } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Link, Outlet, useLocation, useNavigation, useParams } from 'react-router';
import { PageLoader } from '../../components/page-loader';
import { lastAccount, rememberAccount } from '../../lib/last-account';
import { metaQuery } from '../../lib/lookups';
import { SECTIONS, sectionUrl } from '../sections';
import { AccountPicker } from './account-picker';
import { AccessEndNotice, UserMenu } from './user-menu';

// Not needed for the first paint (they bring the contract, zod and the popover code): fetched as soon as this module
// runs, in parallel with the session check, and rendered when they are there.
const appSectionsNav = import('./app-sections-nav');
const rateBudgetIndicator = import('./rate-budget-indicator');
const zoneJump = import('./zone-jump');
const AppSectionsNav = lazy(() => appSectionsNav);
const RateBudgetIndicator = lazy(() => rateBudgetIndicator);
const ZoneJump = lazy(() => zoneJump);

const HEADER = 56;
const BANNER = 30;

export function SandboxBanner() {
  return (
    <Box
      role="status"
      h={BANNER}
      px="md"
      bg="yellow.4"
      c="dark.9"
      style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 8, fontWeight: 600 }}
    >
      <IconAlertTriangle size={16} aria-hidden />
      <span>Sandbox — nothing reaches Cloudflare</span>
    </Box>
  );
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: true });
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} mode`} withArrow>
      <ActionIcon variant="default" size="lg" aria-label={`Switch to ${next} mode`} onClick={() => setColorScheme(next)}>
        {computed === 'dark' ? <IconSun size={18} aria-hidden /> : <IconMoon size={18} aria-hidden />}
      </ActionIcon>
    </Tooltip>
  );
}

export function AppLayout() {
  const params = useParams();
  const location = useLocation();
  const navigation = useNavigation();
  const meta = useQuery(metaQuery());
  // Pages outside an account (Users, Audit log) keep pointing the navbar at the account last shown.
  const accountId = params.accountId ?? lastAccount() ?? meta.data?.defaultAccountId ?? '';
  useEffect(() => {
    if (params.accountId) rememberAccount(params.accountId);
  }, [params.accountId]);
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const sandbox = meta.data?.mode === 'sandbox';
  const live = meta.data?.mode === 'cloudflare';

  return (
    <AppShell
      header={{ height: HEADER + (sandbox ? BANNER : 0) }}
      navbar={{ width: { base: 200, lg: 220 }, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={{ base: 'md', lg: 'lg' }}
    >
      <AppShell.Header>
        <Anchor
          href="#main"
          className="skip-link"
          style={{ position: 'absolute', left: -9999, top: 8, zIndex: 1000 }}
          onFocus={(event) => (event.currentTarget.style.left = '8px')}
          onBlur={(event) => (event.currentTarget.style.left = '-9999px')}
        >
          Skip to content
        </Anchor>
        {sandbox && <SandboxBanner />}
        <Group h={HEADER} px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="Secondary DNS">
              <Group gap={8} wrap="nowrap">
                <img src="/favicon.svg" alt="" width={24} height={24} />
                <Text fw={700} size="lg" visibleFrom="sm">
                  Secondary DNS
                </Text>
              </Group>
            </Anchor>
            {live && (
              <Tooltip label="Changes are sent to the real Cloudflare API" withArrow>
                <Badge color="red" variant="outline">
                  Live
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Suspense fallback={null}>
              <ZoneJump accountId={accountId} />
            </Suspense>
            <Suspense fallback={null}>
              <RateBudgetIndicator />
            </Suspense>
            <AccountPicker accountId={accountId} />
            <UserMenu />
            <ColorSchemeToggle />
          </Group>
        </Group>
        {navigation.state === 'loading' && (
          <Progress value={100} animated size={2} radius={0} aria-hidden pos="absolute" bottom={0} left={0} right={0} />
        )}
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Sections">
        <Stack gap={2} style={{ flex: 1 }}>
          {SECTIONS.map((section) => {
            const to = sectionUrl(accountId, section.path);
            const active = location.pathname === to || location.pathname.startsWith(`${to}/`);
            const Icon = section.icon;
            return (
              <NavLink
                key={section.path}
                component={Link}
                to={to}
                label={section.label}
                title={section.description}
                leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={closeNav}
              />
            );
          })}
          <Divider my="xs" />
          <Suspense fallback={null}>
            <AppSectionsNav onNavigate={closeNav} />
          </Suspense>
        </Stack>
        <Text size="xs" c="dimmed" px="sm">
          {meta.data?.version ? `Version ${meta.data.version}` : null}
          {meta.data?.upstream ? (
            <>
              <br />
              <span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{meta.data.upstream}</span>
            </>
          ) : null}
        </Text>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <Box maw={1600} mx="auto">
          <AccessEndNotice />
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
