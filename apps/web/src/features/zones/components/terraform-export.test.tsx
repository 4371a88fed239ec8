/**
 * The Terraform export dialog: reads the account's lists and the page's zone configurations (a primary zone's only
 * where it has one), shows the file with its import blocks and references, no TSIG secret, names the variables to
 * set and the enabled transfers Terraform cannot manage; an error reading says so with Retry.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Zone } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { TerraformExportButton } from './terraform-export';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const id = (c: string) => c.repeat(32);
const ZONES = [
  { id: id('1'), name: 'sec.example', type: 'secondary', status: 'active' },
  { id: id('2'), name: 'pri.example', type: 'full', status: 'active' },
  { id: id('3'), name: 'bare.example', type: 'full', status: 'active' },
] as Zone[];

/** A fourth zone, on the list's second page. */
const OTHER = { id: id('4'), name: 'other.example', type: 'secondary', status: 'active' } as Zone;

let paths: string[];
let peersFail: boolean;
let budgetLeft: number;

beforeEach(() => {
  paths = [];
  peersFail = false;
  budgetLeft = 1000;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const path = new URL(String(input), 'http://localhost').pathname;
      paths.push(path);
      const notConfigured = () => envelopeResponse({ success: false, errors: [{ code: 1003, message: 'not configured' }] }, { status: 404 });
      if (path === '/api/meta/ratelimit') return envelopeResponse({ result: { capacity: 1200, remaining: budgetLeft, windowSeconds: 300 } });
      if (path === '/api/zones') {
        return envelopeResponse({ result: [...ZONES, OTHER], result_info: { page: 1, per_page: 50, count: 4, total_count: 4, total_pages: 1 } });
      }
      if (path === `/api/zones/${id('4')}/secondary_dns/incoming`) {
        return envelopeResponse({ result: { id: id('4'), name: 'other.example.', auto_refresh_seconds: 600, peers: [id('b')] } });
      }
      if (path.endsWith('/secondary_dns/tsigs')) {
        return envelopeResponse({ result: [{ id: id('a'), name: 'xfer.', algo: 'hmac-sha256.', secret: '[redacted]' }] });
      }
      if (path.endsWith('/secondary_dns/peers')) {
        if (peersFail) return envelopeResponse({ success: false, errors: [{ code: 1502, message: 'Cloudflare answered 503' }] }, { status: 502 });
        return envelopeResponse({ result: [{ id: id('b'), name: 'ns1', ip: '192.0.2.1', port: 53, tsig_id: id('a') }] });
      }
      if (path.endsWith('/secondary_dns/acls')) return envelopeResponse({ result: [{ id: id('c'), name: 'office', ip_range: '192.0.2.0/24' }] });
      if (path === `/api/zones/${id('1')}/secondary_dns/incoming`) {
        return envelopeResponse({ result: { id: id('1'), name: 'sec.example.', auto_refresh_seconds: 3600, peers: [id('b')] } });
      }
      if (path === `/api/zones/${id('2')}/secondary_dns/outgoing/status`) return envelopeResponse({ result: 'Enabled' });
      if (path === `/api/zones/${id('2')}/secondary_dns/outgoing`) return envelopeResponse({ result: { id: id('2'), name: 'pri.example.', peers: [id('b')] } });
      if (path === `/api/zones/${id('3')}/secondary_dns/outgoing/status`) return notConfigured();
      return envelopeResponse({ success: false, errors: [{ code: 1003, message: `unexpected ${path}` }] }, { status: 404 });
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

async function open(total?: number) {
  renderWithProviders(<TerraformExportButton zones={ZONES} accountId={ACCOUNT} searched="example" total={total} />, {
    queryClient: signedInAs('viewer'),
  });
  await userEvent.click(screen.getByRole('button', { name: 'Export as Terraform' }));
  return screen.findByRole('dialog', { name: 'Export as Terraform' });
}

describe('TerraformExportButton', () => {
  it('shows the file: resources with import blocks and references, no secret; says what to set and what Terraform cannot do', async () => {
    const dialog = await open();
    const file = await within(dialog).findByLabelText('The Terraform file');
    const text = file.textContent ?? '';
    expect(text).toContain('resource "cloudflare_dns_zone_transfers_peer" "ns1"');
    expect(text).toMatch(/tsig_id\s+= cloudflare_dns_zone_transfers_tsig\.xfer\.id/);
    expect(text).toContain('to = cloudflare_dns_zone_transfers_incoming.sec_example');
    expect(text).toMatch(/resource "cloudflare_dns_zone_transfers_outgoing" "pri_example"[\s\S]*Outgoing transfers ENABLED/);
    expect(text).toContain(`id = "${ACCOUNT}/${id('c')}"`);
    expect(text).not.toContain('[redacted]');
    // A primary zone without a configuration: no resource, and its configuration was never asked for.
    expect(text).not.toContain('bare_example');
    expect(paths).not.toContain(`/api/zones/${id('3')}/secondary_dns/outgoing`);

    expect(dialog).toHaveTextContent('the account’s 1 TSIG key, 1 peer and 1 ACL, and the transfer configurations of the 3 zones on this page (search “example”): 1 secondary configuration, 1 primary configuration');
    expect(dialog).toHaveTextContent('TF_VAR_tsig_secret_xfer');
    expect(dialog).toHaveTextContent('Terraform cannot enable or disable outgoing transfers (1 zone here has them enabled)');
    const download = within(dialog).getByRole('link', { name: 'Download .tf' });
    expect(download).toHaveAttribute('download', 'secondary-dns-01234567.tf');
    expect(download.getAttribute('href')).toMatch(/^blob:/);
  });

  it('a list that cannot be read is said, with Retry; nothing half-made is shown', async () => {
    peersFail = true;
    const dialog = await open();
    expect(await within(dialog).findByText('Could not read what to export')).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('The Terraform file')).not.toBeInTheDocument();
    peersFail = false;
    await userEvent.click(within(dialog).getByRole('button', { name: /Retry|Try again/ }));
    expect(await within(dialog).findByLabelText('The Terraform file')).toBeInTheDocument();
  });

  it('a list of one page offers no choice of zones', async () => {
    const dialog = await open(3);
    await within(dialog).findByLabelText('The Terraform file');
    expect(within(dialog).queryByText('All 3 zones matching “example”')).not.toBeInTheDocument();
    expect(paths).not.toContain('/api/zones');
  });

  it('all the zones of a list of several pages: listed, costed, then read on request, into one file with each account resource once', async () => {
    const dialog = await open(4);
    await within(dialog).findByLabelText('The Terraform file');
    expect(dialog).toHaveTextContent('Choose “All” above for the zones of every page in one file.');
    expect(paths).not.toContain('/api/zones');

    await userEvent.click(within(dialog).getByText('All 4 zones matching “example”'));
    expect(
      await within(dialog).findByText(/4 zones matching “example”: reading their configurations takes up to 6 requests of the shared Cloudflare API budget \(1000 left now\)/),
    ).toBeInTheDocument();
    // Listed (the search kept), not yet read.
    expect(paths).toContain('/api/zones');
    expect(paths).not.toContain(`/api/zones/${id('4')}/secondary_dns/incoming`);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Read and export' }));
    const file = await within(dialog).findByLabelText('The Terraform file');
    const text = file.textContent ?? '';
    expect(text).toContain('resource "cloudflare_dns_zone_transfers_incoming" "other_example"');
    expect(text).toContain('resource "cloudflare_dns_zone_transfers_incoming" "sec_example"');
    expect(text.match(/resource "cloudflare_dns_zone_transfers_peer" "ns1"/g)).toHaveLength(1);
    expect(dialog).toHaveTextContent('the transfer configurations of the 4 zones matching “example” on all pages of the list: 2 secondary configurations, 1 primary configuration');

    // Back to this page: the page's file again.
    await userEvent.click(within(dialog).getByText('The 3 zones on this page'));
    expect(await within(dialog).findByLabelText('The Terraform file')).not.toHaveTextContent('other_example');
  });

  it('all the zones when reading them would take more than half of what is left of the budget: refused, nothing read', async () => {
    budgetLeft = 10;
    const dialog = await open(4);
    await within(dialog).findByLabelText('The Terraform file');
    await userEvent.click(within(dialog).getByText('All 4 zones matching “example”'));
    const refusal = await within(dialog).findByText(/Too many reads for now/);
    expect(refusal.closest('[role="alert"]') ?? dialog).toHaveTextContent(
      'takes up to 6 requests of the shared Cloudflare API budget (10 left now): more than half of what is left',
    );
    expect(within(dialog).queryByRole('button', { name: 'Read and export' })).not.toBeInTheDocument();
    expect(paths).not.toContain(`/api/zones/${id('4')}/secondary_dns/incoming`);
  });
});
