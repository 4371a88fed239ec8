/**
 * The account's zones, paged by Cloudflare (5–50 a page) and searched by name on the server
 * (`name=contains:<q>`, debounced). Search, page, page size and sort live in the URL. Each visible row shows whether
 * the zone is configured as secondary (incoming) or primary (outgoing, with its status), fetched lazily per row.
 * "Check serials" asks the page's zones' peers for their SOA serial and adds a Serials column and a summary with the
 * Force actions for the zones that are behind (`serial-sweep.tsx`).
 */
import { Anchor, Button, Group, Pagination, Select, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { Zone } from '@secdns/api-types';
import { DataTable, idColumn } from '../../../components/data-table';
import { useListParams } from '../../../lib/use-list-params';
import {
  DEFAULT_ZONES_PER_PAGE,
  MAX_ZONES_PER_PAGE,
  MIN_ZONES_PER_PAGE,
  ZONES_PER_PAGE_OPTIONS,
  ZONE_LOOKUP_MAX_PAGES,
  listAllZones,
  zoneQueries,
  zoneSides,
} from '../api/queries';
import { BulkForceAxfr, BulkForceNotify } from './bulk-force';
import { BulkSetupMenu } from './bulk-setup';
import { SerialCell, SerialSweepButton, SerialSweepSummary, useSweepFindings } from './serial-sweep';
import { sweepShown, useCurrentSerialsOfBehind, usePageSerialChecks, useSerialSweep } from '../use-serial-sweep';
import { useSerialWatch } from '../serial-watch';
import { SerialWatchStatus } from './serial-watch-status';
import { IncomingCell, NotApplicable, OutgoingCell } from './transfer-cells';
import { ZoneTypeBadge } from './zone-badges';
import { zonePath } from '../../../lib/zone-path';

const column = createColumnHelper<Zone>();
const SORTABLE = ['name', 'type'] as const;
const SEARCH_DEBOUNCE_MS = 300;

/** `per_page` in the URL (Cloudflare's 5–50), default 20, left out of the URL when default. */
function usePerPage(): [number, (value: number) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = Number(searchParams.get('per_page'));
  const perPage =
    Number.isInteger(raw) && raw >= MIN_ZONES_PER_PAGE && raw <= MAX_ZONES_PER_PAGE ? raw : DEFAULT_ZONES_PER_PAGE;
  const setPerPage = useCallback(
    (value: number) =>
      setSearchParams((previous) => {
        const next = new URLSearchParams(previous);
        if (value === DEFAULT_ZONES_PER_PAGE) next.delete('per_page');
        else next.set('per_page', String(value));
        next.delete('page');
        return next;
      }),
    [setSearchParams],
  );
  return [perPage, setPerPage];
}

/** The search box's text, written to the URL (`q`) after a pause in typing; follows the URL on back/forward. */
function useDebouncedSearch(q: string, setQ: (value: string) => void): [string, (value: string) => void] {
  const [text, setText] = useState(q);
  const pushed = useRef(q);
  useEffect(() => {
    if (q !== pushed.current) {
      pushed.current = q;
      setText(q);
    }
  }, [q]);
  useEffect(() => {
    if (text.trim() === pushed.current) return undefined;
    const timer = window.setTimeout(() => {
      pushed.current = text.trim();
      setQ(text.trim());
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, setQ]);
  return [text, setText];
}

/**
 * The zones list's page as the address says (page, per_page, q): the table, and the page header's Terraform export
 * (the same cache entry: no second read).
 */
export function useZonesOnPage(accountId: string) {
  const list = useListParams({ sort: 'name', dir: 'asc', sortable: SORTABLE });
  const [perPage, setPerPage] = usePerPage();
  const zones = useQuery(zoneQueries.list(accountId, { page: list.page, perPage, q: list.q }));
  return { list, perPage, setPerPage, zones };
}

export function ZonesTable({ accountId }: { accountId: string }) {
  const { list, perPage, setPerPage, zones } = useZonesOnPage(accountId);
  const [searchText, setSearchText] = useDebouncedSearch(list.q, list.setQ);
  const location = useLocation();
  // Below 1200 px the name needs the room; the zone page shows the ID with a copy button.
  const wide = useMediaQuery('(min-width: 1200px)', true, { getInitialValueInEffect: false });
  const wider = useMediaQuery('(min-width: 1440px)', true, { getInitialValueInEffect: false });

  const pageZones = useMemo(() => zones.data?.zones ?? [], [zones.data]);
  const sweep = useSerialSweep(accountId, { remember: true });
  // The BFF's background checks (ADR 014) fill the same cache entries as "Check serials".
  const watch = useSerialWatch(accountId);
  const pageZoneIds = useMemo(() => new Set(pageZones.map((zone) => zone.id)), [pageZones]);
  const queryClient = useQueryClient();
  const checks = usePageSerialChecks(accountId, pageZones);
  useCurrentSerialsOfBehind(pageZones, checks);
  const findings = useSweepFindings(accountId, sweep, pageZones, checks);
  // "Show only the zones not in sync": the table lists those (from every page after "Check all") instead of the page.
  const [onlyProblemsAsked, setOnlyProblems] = useState(false);
  const onlyProblems = onlyProblemsAsked && sweepShown(sweep, pageZones, checks);
  // A new search or page is a new list: back to it.
  useEffect(() => setOnlyProblems(false), [list.q, list.page, perPage]);
  const showSerials = onlyProblems || sweepShown(sweep, pageZones, checks);
  // The Serials column takes the ID's room below 1440 px (the zone page shows the ID with a copy button).
  const showIds = showSerials ? wider : wide;

  const info = zones.data?.resultInfo;
  const totalPages = info?.total_pages ?? 1;
  const totalCount = info?.total_count ?? zones.data?.zones.length ?? 0;
  const shownCount = zones.data?.zones.length ?? 0;

  const zoneUrl = useCallback(
    (zone: Zone) => zonePath(accountId, zone.id),
    [accountId],
  );

  const columns = useMemo(
    () => [
      column.accessor('name', {
        id: 'name',
        header: 'Name',
        cell: (info) => (
          <Anchor
            component={Link}
            to={zoneUrl(info.row.original)}
            state={{ from: location.search }}
            ff="monospace"
            size="sm"
            fw={500}
            title={info.getValue()}
          >
            {info.getValue()}
          </Anchor>
        ),
      }),
      column.accessor((zone) => zone.type ?? '', {
        id: 'type',
        header: 'Type',
        meta: { width: 176 },
        cell: (info) => (
          <Group gap={6} wrap="nowrap">
            <ZoneTypeBadge type={info.row.original.type} />
            {info.row.original.status && info.row.original.status !== 'active' && (
              <Text size="xs" c="dimmed" title={`Zone status: ${info.row.original.status}`}>
                {info.row.original.status}
              </Text>
            )}
          </Group>
        ),
      }),
      // Asked for, so shown before the configuration columns (which scroll sideways first on a narrow screen).
      ...(showSerials
        ? [
            column.display({
              id: 'serials',
              header: 'Serials',
              meta: { width: 200 },
              cell: ({ row }) => <SerialCell accountId={accountId} zone={row.original} />,
            }),
          ]
        : []),
      column.display({
        id: 'incoming',
        header: 'Secondary (incoming)',
        meta: { width: 200 },
        cell: ({ row }) =>
          zoneSides(row.original.type).incoming ? (
            <IncomingCell zone={row.original} zoneUrl={zoneUrl(row.original)} />
          ) : (
            <NotApplicable reason="Not applicable: only secondary zones are pulled from a primary" />
          ),
      }),
      column.display({
        id: 'outgoing',
        header: 'Primary (outgoing)',
        meta: { width: 180 },
        cell: ({ row }) =>
          zoneSides(row.original.type).outgoing ? (
            <OutgoingCell zone={row.original} zoneUrl={zoneUrl(row.original)} />
          ) : (
            <NotApplicable reason="Not applicable: a secondary zone cannot be served to secondaries" />
          ),
      }),
      ...(showIds
        ? [
            idColumn<Zone>(118),
          ]
        : []),
    ],
    [zoneUrl, location.search, showIds, showSerials, accountId],
  );

  const from = (list.page - 1) * perPage + 1;
  const countText =
    zones.data === undefined
      ? undefined
      : totalCount === 0
        ? list.q
          ? 'No zones match'
          : '0 zones'
        : totalPages > 1
          ? `${from}–${from + shownCount - 1} of ${totalCount} zones${list.q ? ' matching' : ''}`
          : `${totalCount} ${totalCount === 1 ? 'zone' : 'zones'}${list.q ? ' matching' : ''}`;

  const pastTheEnd = zones.data !== undefined && shownCount === 0 && totalCount > 0;
  const perPageOptions = [...new Set<number>([...ZONES_PER_PAGE_OPTIONS, perPage])]
    .sort((a, b) => a - b)
    .map((value) => ({ value: String(value), label: String(value) }));

  return (
    <Stack gap="md">
      <SerialWatchStatus accountId={accountId} watch={watch} pageZoneIds={pageZoneIds} />
      <SerialSweepSummary
        accountId={accountId}
        zones={pageZones}
        sweep={sweep}
        checks={checks}
        findings={findings}
        onlyProblems={onlyProblems}
        onOnlyProblemsChange={setOnlyProblems}
        totalCount={totalCount}
        search={list.q}
        onCheckAll={() =>
          void sweep.start(
            async () => {
              const { zones: all, total, complete } = await listAllZones(queryClient, accountId, list.q);
              return {
                zones: all,
                note: complete
                  ? undefined
                  : `Only the first ${all.length} of ${total} zones were listed (${ZONE_LOOKUP_MAX_PAGES} pages of ${MAX_ZONES_PER_PAGE}): search by name to check the others.`,
              };
            },
            { scope: 'all', search: list.q },
          )
        }
      />
      <DataTable
        label="Zones"
        noun={{ one: 'zone', other: 'zones' }}
        data={onlyProblems ? findings.problems : zones.data?.zones}
        columns={columns}
        getRowId={(zone) => zone.id}
        isLoading={zones.isPending}
        error={zones.error}
        onRetry={() => void zones.refetch()}
        isRetrying={zones.isFetching}
        globalFilter={searchText}
        onGlobalFilterChange={setSearchText}
        manualFiltering
        countText={
          onlyProblems
            ? `${findings.problems.length} of ${findings.verdicts.length} checked ${findings.verdicts.length === 1 ? 'zone' : 'zones'} not in sync`
            : countText
              ? `${countText}${zones.isPlaceholderData ? ' · updating…' : ''}`
              : undefined
        }
        searchPlaceholder="Search by name"
        toolbarActions={
          <Group gap="xs" wrap="wrap">
            <SerialSweepButton sweep={sweep} zones={zones.data?.zones} />
            <BulkForceAxfr zones={zones.data?.zones} accountId={accountId} />
            <BulkForceNotify zones={zones.data?.zones} accountId={accountId} />
            <BulkSetupMenu zones={zones.data?.zones} accountId={accountId} scope={{ q: list.q, totalCount }} />
          </Group>
        }
        sorting={list.sorting}
        onSortingChange={list.setSorting}
        maxHeight="none"
        // The Serials column's room comes from the table's least width (it scrolls sideways in its box), not the name's.
        minWidth={showSerials ? 920 : undefined}
        emptyState={
          onlyProblems ? (
            <Stack gap="xs" align="center" ta="center" maw={560} mx="auto">
              <Text fw={600}>Every zone checked is in sync.</Text>
              <Button variant="light" onClick={() => setOnlyProblems(false)}>
                Show every zone
              </Button>
            </Stack>
          ) : pastTheEnd ? (
            <Stack gap="xs" align="center" ta="center" maw={560} mx="auto">
              <Text fw={600}>There is no page {list.page}.</Text>
              <Text size="sm" c="dimmed">
                {totalCount} {totalCount === 1 ? 'zone fits' : 'zones fit'} on {totalPages}{' '}
                {totalPages === 1 ? 'page' : 'pages'}.
              </Text>
              <Button variant="light" onClick={() => list.setPage(1)}>
                Go to the first page
              </Button>
            </Stack>
          ) : list.q ? (
            <Stack gap="xs" align="center" ta="center" maw={560} mx="auto">
              <Text fw={600}>No zone name contains “{list.q}”.</Text>
              <Text size="sm" c="dimmed">
                Check the spelling, search for a shorter part of the name, or pick another account at the top.
              </Text>
              <Button variant="light" onClick={() => setSearchText('')}>
                Show all zones
              </Button>
            </Stack>
          ) : (
            <Stack gap="xs" align="center" ta="center" maw={560} mx="auto">
              <Text fw={600}>No zones in this account.</Text>
              <Text size="sm" c="dimmed">
                Zones are added in Cloudflare&apos;s dashboard. Add a zone of type Secondary there to have Cloudflare
                pull it from your primaries; any other zone can be served to your secondaries. Or pick another account
                at the top.
              </Text>
            </Stack>
          )
        }
      />
      {zones.data !== undefined && totalCount > 0 && !onlyProblems && (
        <Group justify="space-between" wrap="wrap" gap="md">
          <Text size="xs" c="dimmed">
            {totalPages > 1 && (list.sort !== 'name' || list.dir === 'desc')
              ? 'Sorting orders the zones of this page; pages follow Cloudflare’s order by name.'
              : ''}
          </Text>
          <Group gap="md" wrap="nowrap">
            {totalPages > 1 && (
              <Pagination
                total={totalPages}
                value={Math.min(list.page, totalPages)}
                onChange={list.setPage}
                getControlProps={(control) => ({ 'aria-label': `${control} page` })}
                getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
              />
            )}
            <Group gap={6} wrap="nowrap">
              <Text size="sm" c="dimmed" component="label" htmlFor="zones-per-page">
                Per page
              </Text>
              <Select
                id="zones-per-page"
                data={perPageOptions}
                value={String(perPage)}
                onChange={(value) => value && setPerPage(Number(value))}
                allowDeselect={false}
                w={80}
                comboboxProps={{ withinPortal: true }}
              />
            </Group>
          </Group>
        </Group>
      )}
    </Stack>
  );
}
