/**
 * The account's Secondary DNS set-up as Terraform (the Cloudflare provider v5's `cloudflare_dns_zone_transfers_*`
 * resources), for a team that moves it to infrastructure as code: each TSIG key, peer and ACL, and the transfer
 * configurations of the zones chosen, with an `import` block each (Terraform 1.5+) so that `terraform plan` adopts
 * what exists instead of creating it again. Peers name their key, and zones their peers, by reference, not by id.
 * See docs/decisions/020-terraform-export.md.
 *
 * Never a secret: a TSIG key's secret is a `sensitive` variable (the dashboard shows secrets to admins only, and an
 * export is a file that travels). What Terraform cannot express is said in comments: whether a primary zone's
 * transfers are enabled (the provider has no such attribute: the dashboard or the API's enable / disable do it),
 * a peer, key or zone of an id the lists do not know (kept as the id).
 */
import type { Acl } from './resources/acls.js';
import type { Incoming } from './resources/incoming.js';
import type { Outgoing } from './resources/outgoing.js';
import type { Peer } from './resources/peers.js';
import type { Tsig } from './resources/tsigs.js';

export const TERRAFORM_TYPES = {
  tsig: 'cloudflare_dns_zone_transfers_tsig',
  peer: 'cloudflare_dns_zone_transfers_peer',
  acl: 'cloudflare_dns_zone_transfers_acl',
  incoming: 'cloudflare_dns_zone_transfers_incoming',
  outgoing: 'cloudflare_dns_zone_transfers_outgoing',
} as const;

export interface TerraformZone {
  id: string;
  name: string;
  /** Its secondary (incoming) configuration, or null when it has none. */
  incoming: Incoming | null;
  /** Its primary (outgoing) configuration, or null when it has none. */
  outgoing: Outgoing | null;
  /** "Enabled" / "Disabled" for a primary configuration, when known. */
  outgoingStatus?: string | null;
}

export interface TerraformExportInput {
  accountId: string;
  tsigs: readonly Pick<Tsig, 'id' | 'name' | 'algo'>[];
  peers: readonly Peer[];
  acls: readonly Acl[];
  zones: readonly TerraformZone[];
  /** When it was made (ISO 8601), for the header. */
  generatedAt: string;
  /** Where it was made ("the Secondary DNS dashboard at https://…"), for the header. */
  source: string;
  /** Made from the built-in sandbox (an emulator): the header says its ids are in no Cloudflare account. */
  sandbox?: boolean;
}

export interface TerraformExport {
  /** The `.tf` file. */
  text: string;
  /** How many of each it holds. */
  counts: { tsigs: number; peers: number; acls: number; incoming: number; outgoing: number };
  /** The variables it asks for (the TSIG secrets), to say so beside it. */
  variables: string[];
}

/** A string literal of HCL: quotes and backslashes escaped, and template sequences (`${`, `%{`) made literal. */
export function hclString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // A function, not '$${': in a replacement string `$$` is one `$`.
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{');
  return `"${escaped}"`;
}

/** A Terraform name from a person's name: lowercase letters, digits and `_`, starting with a letter or `_`. */
export function terraformName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  if (slug === '') return 'unnamed';
  return /^[a-z_]/.test(slug) ? slug : `_${slug}`;
}

/** Names made unique within one resource type, in order: `ns1`, `ns1_2`, … */
function namer() {
  const used = new Set<string>();
  return (name: string): string => {
    const base = terraformName(name);
    let candidate = base;
    for (let n = 2; used.has(candidate); n += 1) candidate = `${base}_${n}`;
    used.add(candidate);
    return candidate;
  };
}

const byName = <T extends { name: string; id: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

/** A block; `null` lines are left out, nested arrays are consecutive lines. */
function block(header: string, lines: readonly (string | null | readonly string[])[]): string {
  const body = lines.flatMap((line) => (line === null ? [] : typeof line === 'string' ? [line] : line));
  // Attribute names aligned at the `=`, as `terraform fmt` does for consecutive attributes.
  const width = Math.max(0, ...body.filter((line) => line.includes(' = ')).map((line) => line.indexOf(' = ')));
  const aligned = body.map((line) => {
    const at = line.indexOf(' = ');
    return at > 0 && /^[a-z_]/.test(line) ? `${line.slice(0, at).padEnd(width)}${line.slice(at)}` : line;
  });
  return `${header} {\n${aligned.map((line) => `  ${line}`).join('\n')}\n}\n`;
}

const importBlock = (address: string, id: string) => block('import', [`to = ${address}`, `id = ${hclString(id)}`]);

export function terraformExport(input: TerraformExportInput): TerraformExport {
  const out: string[] = [];
  const variables: string[] = [];
  const account = hclString(input.accountId);

  out.push(
    [
      `# Cloudflare Secondary DNS (zone transfers) of account ${input.accountId}`,
      `# Exported from ${input.source}`,
      `# on ${input.generatedAt}.`,
      ...(input.sandbox
        ? ['#', '# FROM THE DASHBOARD’S BUILT-IN SANDBOX (an emulator): these ids are in no Cloudflare account.']
        : []),
      '#',
      '# Each resource has an import block (Terraform 1.5 or later): `terraform plan` adopts',
      '# what exists in Cloudflare instead of creating it again. Review the plan: it should show',
      '# imports and no changes.',
      '# TSIG secrets are not in this file: each is a sensitive variable (set it with',
      '# TF_VAR_<name>, or in a .tfvars file kept out of version control).',
      '# Terraform cannot enable or disable a primary zone’s outgoing transfers, nor force a',
      '# transfer: the dashboard does (the comments say which zones have them enabled).',
      '',
    ].join('\n'),
  );
  out.push(
    [
      'terraform {',
      '  required_version = ">= 1.5"',
      '  required_providers {',
      '    cloudflare = {',
      '      source  = "cloudflare/cloudflare"',
      '      version = "~> 5"',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );

  // TSIG keys.
  const tsigName = namer();
  const tsigAddress = new Map<string, string>();
  for (const tsig of byName(input.tsigs)) {
    const name = tsigName(tsig.name);
    const address = `${TERRAFORM_TYPES.tsig}.${name}`;
    tsigAddress.set(tsig.id, address);
    const variable = `tsig_secret_${name}`;
    variables.push(variable);
    out.push(
      block(`variable ${hclString(variable)}`, [
        `description = ${hclString(`The secret of TSIG key ${tsig.name} (${tsig.algo})`)}`,
        'type        = string',
        'sensitive   = true',
      ]),
    );
    out.push(
      block(`resource ${hclString(TERRAFORM_TYPES.tsig)} ${hclString(name)}`, [
        `account_id = ${account}`,
        `name = ${hclString(tsig.name)}`,
        `algo = ${hclString(tsig.algo)}`,
        `secret = var.${variable}`,
      ]),
    );
    out.push(importBlock(address, `${input.accountId}/${tsig.id}`));
  }

  // Peers.
  const peerName = namer();
  const peerAddress = new Map<string, string>();
  for (const peer of byName(input.peers)) {
    const name = peerName(peer.name);
    const address = `${TERRAFORM_TYPES.peer}.${name}`;
    peerAddress.set(peer.id, address);
    const key = peer.tsig_id ? tsigAddress.get(peer.tsig_id) : undefined;
    out.push(
      block(`resource ${hclString(TERRAFORM_TYPES.peer)} ${hclString(name)}`, [
        `account_id = ${account}`,
        `name = ${hclString(peer.name)}`,
        peer.ip ? `ip = ${hclString(peer.ip)}` : null,
        peer.port !== undefined ? `port = ${peer.port}` : null,
        peer.ixfr_enable !== undefined ? `ixfr_enable = ${peer.ixfr_enable}` : null,
        peer.tsig_id
          ? key
            ? `tsig_id = ${key}.id`
            : ['# a TSIG key the account’s list does not have, kept as its id', `tsig_id = ${hclString(peer.tsig_id)}`]
          : null,
      ]),
    );
    out.push(importBlock(address, `${input.accountId}/${peer.id}`));
  }

  // ACLs.
  const aclName = namer();
  for (const acl of byName(input.acls)) {
    const name = aclName(acl.name);
    const address = `${TERRAFORM_TYPES.acl}.${name}`;
    out.push(
      block(`resource ${hclString(TERRAFORM_TYPES.acl)} ${hclString(name)}`, [
        `account_id = ${account}`,
        `name = ${hclString(acl.name)}`,
        `ip_range = ${hclString(acl.ip_range)}`,
      ]),
    );
    out.push(importBlock(address, `${input.accountId}/${acl.id}`));
  }

  // The zones' transfer configurations.
  const peersList = (ids: readonly string[] | undefined): string => {
    const items = (ids ?? []).map((id) => peerAddress.get(id)?.concat('.id') ?? hclString(id));
    return items.length === 0 ? '[]' : `[\n    ${items.join(',\n    ')},\n  ]`;
  };
  const unknownPeers = (ids: readonly string[] | undefined) =>
    (ids ?? []).filter((id) => !peerAddress.has(id)).length > 0 ? '# a peer the account’s list does not have is kept as its id' : null;
  const incomingName = namer();
  const outgoingName = namer();
  let incomingCount = 0;
  let outgoingCount = 0;
  const zones = [...input.zones].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  for (const zone of zones) {
    if (zone.incoming) {
      incomingCount += 1;
      const name = incomingName(zone.name);
      const address = `${TERRAFORM_TYPES.incoming}.${name}`;
      out.push(
        block(`resource ${hclString(TERRAFORM_TYPES.incoming)} ${hclString(name)}`, [
          `# ${zone.name}: secondary — Cloudflare transfers it from these primaries`,
          `zone_id = ${hclString(zone.id)}`,
          `name = ${hclString(zone.incoming.name ?? zone.name)}`,
          zone.incoming.auto_refresh_seconds !== undefined ? `auto_refresh_seconds = ${zone.incoming.auto_refresh_seconds}` : null,
          unknownPeers(zone.incoming.peers),
          `peers = ${peersList(zone.incoming.peers)}`,
        ]),
      );
      out.push(importBlock(address, zone.id));
    }
    if (zone.outgoing) {
      outgoingCount += 1;
      const name = outgoingName(zone.name);
      const address = `${TERRAFORM_TYPES.outgoing}.${name}`;
      const status =
        zone.outgoingStatus === 'Enabled'
          ? 'Outgoing transfers ENABLED (Terraform cannot set this: the dashboard does).'
          : zone.outgoingStatus === 'Disabled'
            ? 'Outgoing transfers disabled (enable them in the dashboard: Terraform cannot).'
            : 'Whether outgoing transfers are enabled was not read.';
      out.push(
        block(`resource ${hclString(TERRAFORM_TYPES.outgoing)} ${hclString(name)}`, [
          `# ${zone.name}: primary — Cloudflare notifies these secondaries.`,
          `# ${status}`,
          `zone_id = ${hclString(zone.id)}`,
          `name = ${hclString(zone.outgoing.name ?? zone.name)}`,
          unknownPeers(zone.outgoing.peers),
          `peers = ${peersList(zone.outgoing.peers)}`,
        ]),
      );
      out.push(importBlock(address, zone.id));
    }
  }

  return {
    text: out.join('\n').replace(/\n+$/, '\n'),
    counts: { tsigs: input.tsigs.length, peers: input.peers.length, acls: input.acls.length, incoming: incomingCount, outgoing: outgoingCount },
    variables,
  };
}
