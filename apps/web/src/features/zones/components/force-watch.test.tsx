/**
 * After Force AXFR, when Cloudflare has not moved the configuration yet (it transfers in the background), the panel
 * keeps reading it (FORCE_WATCH, shortened here) and the result follows: "Watching…", then "Serial 1 → 2" once the
 * transfer shows, and the reads stop.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Zone } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { FORCE_WATCH } from './force-result';
import { IncomingPanel } from './incoming-panel';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const ZONE: Zone = { id: 'fedcba9876543210fedcba9876543210', name: 'example.net', type: 'secondary', status: 'active' } as Zone;
const saved = { ...FORCE_WATCH };

let reads: number;
let forced: boolean;
let transferAfterReads: number;
/** The configuration's primaries, and the account's peers. */
let configPeers: string[];
let accountPeers: object[];

beforeEach(() => {
  FORCE_WATCH.intervalMs = 100;
  FORCE_WATCH.forMs = 1_500;
  reads = 0;
  forced = false;
  transferAfterReads = 3;
  configPeers = [];
  accountPeers = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input), 'http://localhost').pathname;
      if (path.endsWith('/force_axfr') && init?.method === 'POST') {
        forced = true;
        return envelopeResponse({ result: 'OK' });
      }
      if (path.endsWith('/secondary_dns/incoming')) {
        reads += 1;
        // Cloudflare "transfers" only some reads after the Force.
        const moved = forced && reads >= transferAfterReads;
        return envelopeResponse({
          result: {
            id: ZONE.id, name: 'example.net.', peers: configPeers, auto_refresh_seconds: 86400,
            soa_serial: moved ? 2 : 1,
            checked_time: moved ? new Date().toISOString() : '2026-11-01T00:00:00Z',
          },
        });
      }
      if (path.endsWith('/incoming/serials')) {
        // A Force asks the zone's primaries again (none here).
        return envelopeResponse({
          result: {
            zone_id: ZONE.id, zone_name: 'example.net.', direction: 'incoming', cloudflare_serial: 1,
            checked_at: new Date().toISOString(), timeout_ms: 2000, emulated: false, peers: [],
          },
        });
      }
      if (path.endsWith('/secondary_dns/peers')) return envelopeResponse({ result: accountPeers });
      return envelopeResponse({ result: [] });
    }),
  );
});
afterEach(() => {
  Object.assign(FORCE_WATCH, saved);
  vi.unstubAllGlobals();
});

async function forceAxfr() {
  renderWithProviders(<IncomingPanel accountId={ACCOUNT} zone={ZONE} />, { queryClient: signedInAs('operator') });
  await userEvent.click(await screen.findByRole('button', { name: 'Force AXFR' }));
  const dialog = await screen.findByRole('dialog', { name: 'Force AXFR for example.net?' });
  await userEvent.click(within(dialog).getByRole('button', { name: 'Force AXFR' }));
}

describe("the Force AXFR dialog and the setup check's problems", () => {
  async function openDialog() {
    renderWithProviders(<IncomingPanel accountId={ACCOUNT} zone={ZONE} />, { queryClient: signedInAs('operator') });
    await screen.findByText(/Setup check/);
    await userEvent.click(await screen.findByRole('button', { name: 'Force AXFR' }));
    return screen.findByRole('dialog', { name: 'Force AXFR for example.net?' });
  }

  it('names them before the Force is sent (Cloudflare accepts it all the same)', async () => {
    configPeers = ['0123456789abcdef0123456789abcd01'];
    const dialog = await openDialog();
    expect(within(dialog).getByTestId('force-setup-problems')).toHaveTextContent(
      'The setup check finds a problem: 1 linked peer no longer exists. Cloudflare accepts Force AXFR all the same and reports no failure: until it is fixed, transfers with the peers concerned fail.',
    );
  });

  it('does not say the transfer fails when another primary may still serve it', async () => {
    // ns1 is fine; the other linked peer is gone. Cloudflare can still transfer from ns1.
    configPeers = ['0123456789abcdef0123456789abcd01', '0123456789abcdef0123456789abcd02'];
    accountPeers = [{ id: configPeers[0], name: 'ns1', ip: '192.0.2.10', port: 53 }];
    const dialog = await openDialog();
    const note = await within(dialog).findByTestId('force-setup-problems');
    expect(note).toHaveTextContent('1 linked peer no longer exists');
    expect(note).not.toHaveTextContent(/the transfer fails/);
    expect(note).toHaveTextContent('transfers with the peers concerned fail');
  });

  it('says nothing more when the setup check finds no problem', async () => {
    configPeers = ['0123456789abcdef0123456789abcd01'];
    accountPeers = [{ id: configPeers[0], name: 'ns1', ip: '192.0.2.10', port: 53 }];
    const dialog = await openDialog();
    await within(dialog).findByText(/ns1/);
    expect(within(dialog).queryByTestId('force-setup-problems')).not.toBeInTheDocument();
  });
});

describe('watching after Force AXFR', () => {
  it('reads the configuration again until the transfer shows, then stops', async () => {
    transferAfterReads = 4; // first load, the reload right after the Force, one watch read, then the transfer
    await forceAxfr();
    expect(await screen.findByText(/Watching: reading the configuration again/)).toBeInTheDocument();
    expect(await screen.findByText(/Serial 1 → 2/, {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.queryByText(/Watching/)).not.toBeInTheDocument();
    // (a read already under way when the transfer showed may still land)
    await new Promise((resolve) => setTimeout(resolve, 150));
    const readsAfter = reads;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reads).toBe(readsAfter);
  });

  it('says so when nothing moved within the watch', async () => {
    transferAfterReads = Number.POSITIVE_INFINITY;
    await forceAxfr();
    expect(await screen.findByText(/Watching/)).toBeInTheDocument();
    expect(await screen.findByText(/Nothing moved within a minute of watching/, {}, { timeout: 4000 })).toBeInTheDocument();
    const readsAtEnd = reads;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(reads).toBe(readsAtEnd);
  });
});
