/**
 * The Terraform export: parsed back with HashiCorp's own HCL parser (hcl2json, the Go library in WebAssembly), so
 * the file is valid HCL whatever the names hold; resources reference each other; every resource has its import
 * block with the provider's import id; no secret; what Terraform cannot say is said in comments.
 */
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { hclString, terraformExport, terraformName, type TerraformExportInput } from '../src/terraform-export.js';

const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';
const id = (c: string) => c.repeat(32);

const INPUT: TerraformExportInput = {
  accountId: ACCOUNT,
  generatedAt: '2026-12-02T15:00:00.000Z',
  source: 'the Secondary DNS dashboard at https://dash.example',
  tsigs: [{ id: id('1'), name: 'transfer-key.example.', algo: 'hmac-sha256.' }],
  peers: [
    { id: id('a'), name: 'ns1.example.net', ip: '192.0.2.1', port: 53, ixfr_enable: false, tsig_id: id('1') },
    { id: id('b'), name: 'hidden primary', ip: '2001:db8::53', port: 5353, ixfr_enable: true },
    // Two peers whose names make the same Terraform name, and a name with template and quote characters.
    { id: id('c'), name: 'ns1 example net', ip: '192.0.2.3' },
    { id: id('d'), name: 'evil "${file("/etc/passwd")}" %{if true}', tsig_id: id('9') },
  ],
  acls: [{ id: id('e'), name: 'office', ip_range: '192.0.2.0/24' }],
  zones: [
    {
      id: id('f'),
      name: 'example.net',
      incoming: { name: 'example.net.', auto_refresh_seconds: 86400, peers: [id('a'), id('b')] },
      outgoing: null,
    },
    { id: id('0'), name: 'example.com', incoming: null, outgoing: { name: 'example.com.', peers: [id('c'), id('7')] }, outgoingStatus: 'Enabled' },
    { id: id('2'), name: 'plain.example', incoming: null, outgoing: null },
  ],
};

type Parsed = {
  resource: Record<string, Record<string, Record<string, unknown>[]>>;
  import: { to: string; id: string }[];
  variable: Record<string, Record<string, unknown>[]>;
  terraform: unknown[];
};

async function parsed(input: TerraformExportInput = INPUT): Promise<{ text: string; hcl: Parsed }> {
  const { text } = terraformExport(input);
  return { text, hcl: (await parse('secondary-dns.tf', text)) as Parsed };
}

describe('terraformExport', () => {
  it('is valid HCL: every TSIG key, peer, ACL and zone configuration as a provider v5 resource', async () => {
    const { hcl } = await parsed();
    expect(Object.keys(hcl.resource).sort()).toEqual([
      'cloudflare_dns_zone_transfers_acl',
      'cloudflare_dns_zone_transfers_incoming',
      'cloudflare_dns_zone_transfers_outgoing',
      'cloudflare_dns_zone_transfers_peer',
      'cloudflare_dns_zone_transfers_tsig',
    ]);
    const peers = hcl.resource.cloudflare_dns_zone_transfers_peer!;
    expect(Object.keys(peers).sort()).toEqual(['evil_file_etc_passwd_if_true', 'hidden_primary', 'ns1_example_net', 'ns1_example_net_2']);
    // Sorted by name, so the same account gives the same file: "ns1 example net" before "ns1.example.net".
    expect(peers.ns1_example_net![0]).toMatchObject({ name: 'ns1 example net', ip: '192.0.2.3' });
    expect(peers.ns1_example_net_2![0]).toEqual({
      account_id: ACCOUNT,
      name: 'ns1.example.net',
      ip: '192.0.2.1',
      port: 53,
      ixfr_enable: false,
      tsig_id: '${cloudflare_dns_zone_transfers_tsig.transfer_key_example.id}',
    });
    expect(peers.hidden_primary![0]).toMatchObject({ ip: '2001:db8::53', port: 5353, ixfr_enable: true });
    // A name with quotes and template sequences stays the literal name: hcl2json answers Terraform's JSON syntax, whose
    // strings are templates too, so an escaped (literal, never evaluated) `${` reads `$${` there, and `%{` `%%{`.
    expect(peers.evil_file_etc_passwd_if_true![0]!.name).toBe('evil "$${file("/etc/passwd")}" %%{if true}');
    // A key the list does not know is kept as its id.
    expect(peers.evil_file_etc_passwd_if_true![0]!.tsig_id).toBe(id('9'));
    expect(hcl.resource.cloudflare_dns_zone_transfers_acl!.office![0]).toEqual({ account_id: ACCOUNT, name: 'office', ip_range: '192.0.2.0/24' });

    const incoming = hcl.resource.cloudflare_dns_zone_transfers_incoming!.example_net![0]!;
    expect(incoming).toEqual({
      zone_id: id('f'),
      name: 'example.net.',
      auto_refresh_seconds: 86400,
      peers: ['${cloudflare_dns_zone_transfers_peer.ns1_example_net_2.id}', '${cloudflare_dns_zone_transfers_peer.hidden_primary.id}'],
    });
    const outgoing = hcl.resource.cloudflare_dns_zone_transfers_outgoing!.example_com![0]!;
    expect(outgoing.peers).toEqual(['${cloudflare_dns_zone_transfers_peer.ns1_example_net.id}', id('7')]);
    // A zone with neither configuration has no resource.
    expect(JSON.stringify(hcl.resource)).not.toContain(id('2'));
  });

  it('imports each resource by the provider’s import id, so terraform plan adopts them', async () => {
    const { hcl } = await parsed();
    const imports = new Map(hcl.import.map((entry) => [entry.to, entry.id]));
    expect(imports.get('${cloudflare_dns_zone_transfers_tsig.transfer_key_example}')).toBe(`${ACCOUNT}/${id('1')}`);
    expect(imports.get('${cloudflare_dns_zone_transfers_peer.hidden_primary}')).toBe(`${ACCOUNT}/${id('b')}`);
    expect(imports.get('${cloudflare_dns_zone_transfers_acl.office}')).toBe(`${ACCOUNT}/${id('e')}`);
    expect(imports.get('${cloudflare_dns_zone_transfers_incoming.example_net}')).toBe(id('f'));
    expect(imports.get('${cloudflare_dns_zone_transfers_outgoing.example_com}')).toBe(id('0'));
    // One per resource.
    const resources = Object.values(hcl.resource).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
    expect(hcl.import).toHaveLength(resources);
  });

  it('never holds a TSIG secret: each is a sensitive variable', async () => {
    const withSecret = { ...INPUT, tsigs: [{ ...INPUT.tsigs[0]!, secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ=' }] };
    const { text, hcl } = await parsed(withSecret);
    expect(text).not.toContain('c2VjcmV0LXNlY3JldC1zZWNyZXQ=');
    expect(hcl.resource.cloudflare_dns_zone_transfers_tsig!.transfer_key_example![0]!.secret).toBe('${var.tsig_secret_transfer_key_example}');
    expect(hcl.variable.tsig_secret_transfer_key_example![0]).toMatchObject({ sensitive: true });
    expect(terraformExport(withSecret).variables).toEqual(['tsig_secret_transfer_key_example']);
  });

  it('says in comments what Terraform cannot: whether a primary zone’s transfers are enabled', () => {
    const { text, counts } = terraformExport(INPUT);
    expect(text).toContain('# example.com: primary — Cloudflare notifies these secondaries.\n  # Outgoing transfers ENABLED (Terraform cannot set this');
    expect(text).toContain('Terraform cannot enable or disable a primary zone’s outgoing transfers');
    expect(text).not.toContain('SANDBOX');
    expect(terraformExport({ ...INPUT, sandbox: true }).text).toContain('# FROM THE DASHBOARD’S BUILT-IN SANDBOX (an emulator): these ids are in no Cloudflare account.');
    // Readable without scrolling sideways: no line longer than 100 characters but the zones' own comments.
    expect(text.split('\n').filter((line) => line.length > 100)).toEqual([]);
    expect(counts).toEqual({ tsigs: 1, peers: 4, acls: 1, incoming: 1, outgoing: 1 });
  });

  it('an empty account is still a valid file', async () => {
    const { hcl } = await parsed({ ...INPUT, tsigs: [], peers: [], acls: [], zones: [] });
    expect(hcl.resource).toBeUndefined();
    expect(hcl.terraform).toHaveLength(1);
  });
});

describe('names and strings', () => {
  it('makes Terraform names from any name', () => {
    expect(terraformName('ns1.example.net.')).toBe('ns1_example_net');
    expect(terraformName('1st primary')).toBe('_1st_primary');
    expect(terraformName('---')).toBe('unnamed');
    expect(terraformName('Ünïcode')).toBe('n_code');
  });

  it('escapes HCL strings', () => {
    expect(hclString('a"b\\c\n${x}%{y}')).toBe('"a\\"b\\\\c\\n$${x}%%{y}"');
  });
});
