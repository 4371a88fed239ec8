/**
 * The zone page's setup check: what can be seen to be wrong with a zone's transfer set-up from the account's peers,
 * TSIG keys and ACLs (no extra call to Cloudflare), and what the other nameserver must be told. Pure functions; the
 * panel is `components/setup-check-section.tsx`.
 *
 * Secondary zone (Cloudflare pulls): every primary needs a public address; all linked peers share one TSIG key or none
 * (Cloudflare's rule); the last check should not be far behind the refresh interval; the primaries must allow
 * Cloudflare's transfer addresses (the older ranges stop working on 1 December 2026) and NOTIFY Cloudflare.
 * Primary zone (Cloudflare serves): every secondary needs a public address (it is where NOTIFY goes); Cloudflare allows
 * AXFR/IXFR from the account's ACL ranges, so each secondary should be in one; transfers must be enabled; one TSIG key
 * or none.
 */
import { rangeContains, unreachableReason } from '../../lib/addresses';
import type { Acl, Peer, Tsig } from '@secdns/api-types';
import {
  CLOUDFLARE_NOTIFY_TARGETS,
  CLOUDFLARE_OLD_TRANSFER_SOURCES,
  CLOUDFLARE_PRIMARY_ADDRESS,
  CLOUDFLARE_TRANSFER_SOURCES,
  OLD_SOURCES_END,
  OLD_SOURCES_END_AT,
} from '../../lib/cloudflare-addresses';
import { formatInterval, formatRelative } from '../../lib/format-time';
import { refreshOverdue } from './freshness';

export type CheckStatus = 'ok' | 'info' | 'warning' | 'problem';

export interface SetupCheck {
  id: string;
  status: CheckStatus;
  title: string;
  detail?: string;
}

export interface SetupInput {
  /** `secondary`: Cloudflare pulls the zone (incoming); `primary`: Cloudflare serves it (outgoing). */
  side: 'secondary' | 'primary';
  zoneName: string;
  /** The configuration's linked peers. */
  peerIds: readonly string[];
  /** The account's peers, TSIG keys and ACLs; `undefined` while not loaded (those checks are left out). */
  peers: readonly Peer[] | undefined;
  tsigs: readonly Tsig[] | undefined;
  acls?: readonly Acl[] | undefined;
  /** Secondary side: Cloudflare's refresh interval and last check. */
  autoRefreshSeconds?: number;
  checkedTime?: string;
  /** Primary side: whether outgoing transfers are enabled (`undefined`: not known). */
  enabled?: boolean;
  now: number;
}

/** Worst first, for the summary and the order of the list. */
const SEVERITY: Record<CheckStatus, number> = { problem: 0, warning: 1, info: 2, ok: 3 };

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function peerLabel(peer: Peer): string {
  return peer.ip ? `${peer.name} (${peer.ip})` : peer.name;
}

/** The TSIG key every linked peer uses: `{ kind: 'none' }`, one key, or the conflict Cloudflare refuses. */
export function keyOfPeers(
  linked: readonly Peer[],
  tsigs: readonly Tsig[] | undefined,
): { kind: 'none' } | { kind: 'one'; tsig: Tsig | undefined; tsigId: string } | { kind: 'mixed'; text: string } {
  const ids = new Set(linked.map((peer) => peer.tsig_id ?? ''));
  if (ids.size === 0 || (ids.size === 1 && ids.has(''))) return { kind: 'none' };
  if (ids.size === 1) {
    const tsigId = [...ids][0]!;
    return { kind: 'one', tsigId, tsig: tsigs?.find((tsig) => tsig.id === tsigId) };
  }
  const text = linked
    .map((peer) => {
      const key = peer.tsig_id ? (tsigs?.find((tsig) => tsig.id === peer.tsig_id)?.name ?? peer.tsig_id.slice(0, 8)) : 'no key';
      return `${peer.name}: ${key}`;
    })
    .join('; ');
  return { kind: 'mixed', text };
}

export function setupChecks(input: SetupInput): SetupCheck[] {
  const checks: SetupCheck[] = [];
  const secondary = input.side === 'secondary';
  const them = secondary ? 'primary' : 'secondary';
  const themPlural = secondary ? 'primaries' : 'secondaries';

  if (input.peers !== undefined) {
    const known = input.peerIds.map((id) => input.peers!.find((peer) => peer.id === id));
    const linked = known.filter((peer): peer is Peer => peer !== undefined);
    const missing = input.peerIds.filter((_, i) => known[i] === undefined);

    if (input.peerIds.length === 0) {
      checks.push(
        secondary
          ? {
              id: 'peers',
              status: 'problem',
              title: 'No primaries linked',
              detail: 'Cloudflare has nowhere to pull the zone from. Edit the secondary configuration and choose its primaries.',
            }
          : {
              id: 'peers',
              status: 'warning',
              title: 'No secondaries linked',
              detail:
                'Cloudflare notifies nobody when the zone changes; your secondaries only see changes when they poll ' +
                '(and only from addresses in an ACL).',
            },
      );
    }
    if (missing.length) {
      checks.push({
        id: 'peers-missing',
        status: 'problem',
        title: `${missing.length} linked peer${missing.length === 1 ? ' no longer exists' : 's no longer exist'}`,
        detail: `Unknown peer ID${missing.length === 1 ? '' : 's'} ${list(missing.map((id) => id.slice(0, 8) + '…'))}: edit the configuration and choose the ${themPlural} again.`,
      });
    }

    const noAddress = linked.filter((peer) => !peer.ip);
    if (noAddress.length) {
      checks.push({
        id: 'addresses',
        status: 'problem',
        title: `${list(noAddress.map((peer) => peer.name))} ${noAddress.length === 1 ? 'has' : 'have'} no IP address`,
        detail: secondary
          ? 'Cloudflare cannot pull the zone from a primary without an address. Edit the peer and give it one.'
          : 'A secondary without an address gets no NOTIFY from Cloudflare. Edit the peer and give it one.',
      });
    } else if (linked.length) {
      checks.push({
        id: 'addresses',
        status: 'ok',
        title: `Every ${them} has an address`,
        detail: list(linked.map((peer) => `${peer.name} ${peer.ip}${peer.port && peer.port !== 53 ? ` port ${peer.port}` : ''}`)),
      });
    }

    const unreachable = linked
      .map((peer) => ({ peer, why: peer.ip ? unreachableReason(peer.ip) : null }))
      .filter((entry): entry is { peer: Peer; why: string } => entry.why !== null);
    if (unreachable.length) {
      checks.push({
        id: 'reachable',
        status: 'problem',
        title: `Cloudflare cannot reach ${list(unreachable.map(({ peer }) => peerLabel(peer)))}`,
        detail:
          `${list(unreachable.map(({ peer, why }) => `${peer.ip} is ${why}`))}: Cloudflare ` +
          (secondary ? 'pulls from primaries' : 'sends NOTIFY to secondaries') +
          ' over the internet. Give the peer its public address (the one NAT or the firewall forwards).',
      });
    }

    if (linked.length) {
      const key = keyOfPeers(linked, input.tsigs);
      if (key.kind === 'mixed') {
        checks.push({
          id: 'tsig',
          status: 'problem',
          title: 'The linked peers use different TSIG keys',
          detail: `Cloudflare requires one TSIG key for every linked peer of a zone, or none (${key.text}). Edit the peers so that they match.`,
        });
      } else if (key.kind === 'one') {
        if (input.tsigs !== undefined && !key.tsig) {
          checks.push({
            id: 'tsig',
            status: 'problem',
            title: 'The peers use a TSIG key that no longer exists',
            detail: `Key ${key.tsigId.slice(0, 8)}… is not in this account: transfers cannot be signed. Edit the peers and choose a key.`,
          });
        } else if (key.tsig?.secret_is_base64 === false) {
          checks.push({
            id: 'tsig',
            status: 'problem',
            title: `TSIG key ${key.tsig.name} has a secret that is not Base64`,
            detail: `No nameserver can load it (BIND: "bad base64"), so no transfer can be signed with it. Edit the key on the TSIG keys page, generate a new secret, and give the ${themPlural} the same.`,
          });
        } else {
          checks.push({
            id: 'tsig',
            status: 'ok',
            title: `Transfers are signed with TSIG key ${key.tsig?.name ?? key.tsigId.slice(0, 8) + '…'}`,
            detail: `The ${themPlural} need the same key name, algorithm${key.tsig ? ` (${bindAlgorithm(key.tsig.algo)})` : ''} and secret.`,
          });
        }
      } else {
        checks.push({
          id: 'tsig',
          status: 'info',
          title: 'Transfers are not signed (no TSIG key)',
          detail: secondary
            ? "Your primaries can only tell Cloudflare apart by address: allow Cloudflare's transfer addresses, and nobody else."
            : 'Anyone whose address is in an ACL can transfer the zone. Cloudflare recommends TSIG.',
        });
      }
    }

    if (secondary && input.acls !== undefined && linked.some((peer) => peer.ip)) {
      const fromPeers = linked.filter((peer) => peer.ip).map((peer) => `${peer.ip} (${peer.name})`);
      const fromAcls = input.acls.map((acl) => `${acl.ip_range} (${acl.name})`);
      checks.push({
        id: 'notify-sources',
        status: 'info',
        title: 'Cloudflare takes NOTIFY for this zone from its primaries and the ACL ranges',
        detail:
          `From ${list([...fromPeers, ...fromAcls])}. A primary that sends NOTIFY from another address (a second ` +
          'interface, NAT) needs an ACL for that address, or Cloudflare only sees changes at the next refresh.',
      });
    }

    if (!secondary && input.acls !== undefined) {
      const withAddress = linked.filter((peer) => peer.ip);
      const uncovered = withAddress.filter((peer) => !input.acls!.some((acl) => rangeContains(acl.ip_range, peer.ip!)));
      if (uncovered.length) {
        checks.push({
          id: 'acls',
          status: 'warning',
          title: `${list(uncovered.map(peerLabel))} ${uncovered.length === 1 ? 'is' : 'are'} in no ACL`,
          detail:
            "For primary zones, Cloudflare allows AXFR/IXFR requests from the account's ACL ranges. Add an ACL for " +
            'each secondary (or for the address it transfers from, if that differs).',
        });
      } else if (withAddress.length) {
        checks.push({
          id: 'acls',
          status: 'ok',
          title: "Every secondary's address is in an ACL",
          detail: list(
            withAddress.map((peer) => {
              const acl = input.acls!.find((entry) => rangeContains(entry.ip_range, peer.ip!));
              return `${peer.name} in ${acl!.name} (${acl!.ip_range})`;
            }),
          ),
        });
      }
    }
  }

  if (!secondary && input.enabled === false) {
    checks.push({
      id: 'enabled',
      status: 'warning',
      title: 'Outgoing transfers are disabled',
      detail: 'Cloudflare sends no NOTIFY and serves no transfers of this zone until they are enabled.',
    });
  }

  if (secondary && input.autoRefreshSeconds !== undefined) {
    if (!input.checkedTime) {
      checks.push({
        id: 'freshness',
        status: 'info',
        title: 'Cloudflare has not checked the primaries yet',
        detail: 'Force AXFR asks for a copy now.',
      });
    } else {
      const overdue = refreshOverdue(input.autoRefreshSeconds, input.checkedTime, input.now);
      checks.push(
        overdue
          ? {
              id: 'freshness',
              status: 'warning',
              title: `Last checked ${formatRelative(input.checkedTime, input.now)}: more than twice the refresh interval`,
              detail:
                `Cloudflare should check every ${formatInterval(input.autoRefreshSeconds)}. Make sure the primaries ` +
                "answer Cloudflare's transfer addresses (below), then Force AXFR.",
            }
          : {
              id: 'freshness',
              status: 'ok',
              title: `Checked ${formatRelative(input.checkedTime, input.now)}`,
              detail: `Within the refresh interval (every ${formatInterval(input.autoRefreshSeconds)}).`,
            },
      );
    }
  }

  if (secondary) {
    const days = Math.ceil((OLD_SOURCES_END_AT - input.now) / 86_400_000);
    checks.push(
      input.now < OLD_SOURCES_END_AT
        ? {
            id: 'old-ranges',
            status: 'warning',
            title: `Cloudflare's older transfer ranges stop working on ${OLD_SOURCES_END} (in ${days} day${days === 1 ? '' : 's'})`,
            detail: `If your primaries allow only ${list([...CLOUDFLARE_OLD_TRANSFER_SOURCES])}, add ${list([...CLOUDFLARE_TRANSFER_SOURCES])}.`,
          }
        : {
            id: 'old-ranges',
            status: 'info',
            title: `Since ${OLD_SOURCES_END}, Cloudflare transfers only from ${list([...CLOUDFLARE_TRANSFER_SOURCES])}`,
            detail: `Allowing ${list([...CLOUDFLARE_OLD_TRANSFER_SOURCES])} on your primaries no longer helps.`,
          },
    );
  }

  return checks.sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status]);
}

/** "1 problem, 2 warnings" / "All checks pass" for the section's heading. */
export function summarize(checks: readonly SetupCheck[]): { text: string; worst: CheckStatus } {
  const problems = checks.filter((check) => check.status === 'problem').length;
  const warnings = checks.filter((check) => check.status === 'warning').length;
  const worst = checks.reduce<CheckStatus>((acc, check) => (SEVERITY[check.status] < SEVERITY[acc] ? check.status : acc), 'ok');
  const parts = [
    problems ? `${problems} problem${problems === 1 ? '' : 's'}` : '',
    warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return { text: parts.length ? parts.join(', ') : 'No problems found', worst };
}

/**
 * Cloudflare's algorithm names (`hmac-sha512.`) as BIND writes them (`hmac-sha512`); Knot DNS and NSD write the same
 * names.
 */
export function bindAlgorithm(algo: string): string {
  if (algo.startsWith('hmac-md5')) return 'hmac-md5';
  return algo.replace(/\.$/, '');
}

/** `name { a; b; };` as one line per address, so the excerpt stays narrow. */
function block(name: string, addresses: readonly string[]): string[] {
  return [`    ${name} {`, ...addresses.map((address) => `        ${address};`), '    };'];
}

export type ExcerptInput = Pick<SetupInput, 'side' | 'zoneName' | 'peerIds' | 'peers' | 'tsigs'>;

/**
 * What every server's excerpt starts from: the zone's name without the trailing dot, the one TSIG key of the linked
 * peers (if there is one and the account has it), and the excerpt's opening comments (without the comment sign):
 * which server it is for, why there is no key (mixed keys, a key the account does not have), and the peers on another
 * port than 53, where the server must listen (`listen` says how this server is told).
 */
function excerptBasis(input: ExcerptInput, server: string, listen: string): { zone: string; tsig: Tsig | undefined; comments: string[] } {
  const zone = input.zoneName.replace(/\.$/, '');
  const linked = input.peerIds
    .map((id) => input.peers?.find((peer) => peer.id === id))
    .filter((peer): peer is Peer => peer !== undefined);
  const key = keyOfPeers(linked, input.tsigs);
  const tsig = key.kind === 'one' ? key.tsig : undefined;
  const comments = [`${server} on your ${input.side === 'secondary' ? 'primary' : 'secondary'} server(s) for ${zone}`];
  if (key.kind === 'mixed') {
    comments.push(
      `No key below: the peers of this zone use different TSIG keys (${key.text}),`,
      'which Cloudflare refuses. Give them one key (or none) first, then copy this again.',
    );
  } else if (key.kind === 'one' && !tsig) {
    comments.push(`No key below: the peers' TSIG key (${key.tsigId}) is not among the account's keys.`);
  }
  const ports = [...new Set(linked.filter((peer) => peer.port && peer.port !== 53).map((peer) => `${peer.name} port ${peer.port}`))];
  if (ports.length > 0) {
    const what = input.side === 'secondary' ? 'Cloudflare transfers from' : 'Cloudflare sends NOTIFY to';
    comments.push(`${what} ${ports.join(', ')}: ${listen} must include it.`);
  }
  return { zone, tsig, comments };
}

/**
 * A BIND 9 `named.conf` excerpt for the other nameserver: the zone as a primary Cloudflare pulls from (allow
 * Cloudflare's transfers, NOTIFY Cloudflare), or as a secondary of Cloudflare (172.65.64.6 as its primary). The TSIG
 * secret is never filled in: it is shown only through the audited "Copy secret" on the TSIG keys page.
 */
export function bindSnippet(input: ExcerptInput): string {
  const { zone, tsig, comments } = excerptBasis(input, 'BIND 9', 'listen-on port … in options { }');
  const lines = comments.map((comment) => `// ${comment}`);
  if (tsig) {
    lines.push(
      `key "${tsig.name}" {`,
      `    algorithm ${bindAlgorithm(tsig.algo)};`,
      '    secret "PASTE-THE-SECRET";  // TSIG keys page, Copy secret',
      '};',
      '',
    );
  }
  lines.push(`zone "${zone}" {`);
  if (input.side === 'secondary') {
    lines.push('    type primary;', `    file "${zone}.zone";`);
    if (tsig) {
      lines.push('    // Transfers only when signed with the key Cloudflare uses', `    allow-transfer { key "${tsig.name}"; };`);
    } else {
      lines.push("    // Cloudflare's transfer addresses", ...block('allow-transfer', CLOUDFLARE_TRANSFER_SOURCES));
    }
    lines.push('    // Tell Cloudflare when the zone changes', ...block('also-notify', CLOUDFLARE_NOTIFY_TARGETS));
  } else {
    lines.push(
      '    type secondary;',
      `    file "${zone}.zone";`,
      '    // Cloudflare answers transfers and SOA queries at this address',
      `    primaries { ${CLOUDFLARE_PRIMARY_ADDRESS}${tsig ? ` key "${tsig.name}"` : ''}; };`,
      `    // Cloudflare's NOTIFY comes from other addresses than ${CLOUDFLARE_PRIMARY_ADDRESS}: add them with`,
      "    // allow-notify { … }; (Cloudflare's \"IP addresses\" page for zone transfers lists them)",
    );
  }
  lines.push('};');
  return lines.join('\n');
}

/**
 * The same excerpt for Knot DNS (`knot.conf`, YAML). Knot tries a remote's addresses in turn, so each of Cloudflare's
 * NOTIFY targets is a remote of its own.
 */
export function knotSnippet(input: ExcerptInput): string {
  const { zone, tsig, comments } = excerptBasis(input, 'Knot DNS', 'listen (ADDRESS@PORT) in the server: section');
  const lines = comments.map((comment) => `# ${comment}`);
  if (tsig) {
    lines.push(
      'key:',
      `  - id: ${tsig.name}`,
      `    algorithm: ${bindAlgorithm(tsig.algo)}`,
      '    secret: PASTE-THE-SECRET  # TSIG keys page, Copy secret',
      '',
    );
  }
  if (input.side === 'secondary') {
    const notify = CLOUDFLARE_NOTIFY_TARGETS.map((_, i) => `cloudflare-notify-${i + 1}`);
    lines.push(
      'remote:',
      '  # Tell Cloudflare when the zone changes',
      ...CLOUDFLARE_NOTIFY_TARGETS.flatMap((address, i) => [`  - id: ${notify[i]}`, `    address: ${address}`]),
      '',
      'acl:',
      ...(tsig
        ? ['  # Transfers only when signed with the key Cloudflare uses', '  - id: cloudflare-transfer', `    key: ${tsig.name}`]
        : ["  # Cloudflare's transfer addresses", '  - id: cloudflare-transfer', `    address: [${CLOUDFLARE_TRANSFER_SOURCES.join(', ')}]`]),
      '    action: transfer',
      '',
      'zone:',
      `  - domain: ${zone}`,
      `    file: ${zone}.zone`,
      `    notify: [${notify.join(', ')}]`,
      '    acl: cloudflare-transfer',
    );
  } else {
    lines.push(
      'remote:',
      '  # Cloudflare answers transfers and SOA queries at this address',
      '  - id: cloudflare',
      `    address: ${CLOUDFLARE_PRIMARY_ADDRESS}`,
      ...(tsig ? [`    key: ${tsig.name}`] : []),
      '',
      'zone:',
      `  - domain: ${zone}`,
      `    file: ${zone}.zone`,
      '    master: cloudflare',
      `    # Cloudflare's NOTIFY comes from other addresses than ${CLOUDFLARE_PRIMARY_ADDRESS}: add an acl with them and`,
      "    # action: notify (Cloudflare's \"IP addresses\" page for zone transfers lists them)",
    );
  }
  return lines.join('\n');
}

/** The same excerpt for NSD (`nsd.conf`): `provide-xfr` and `notify` on a primary, `request-xfr` on a secondary. */
export function nsdSnippet(input: ExcerptInput): string {
  const { zone, tsig, comments } = excerptBasis(input, 'NSD', 'port (or ip-address: ADDRESS@PORT) in the server: section');
  const keyName = tsig ? tsig.name : 'NOKEY';
  const lines = comments.map((comment) => `# ${comment}`);
  if (tsig) {
    lines.push(
      'key:',
      `    name: "${tsig.name}"`,
      `    algorithm: ${bindAlgorithm(tsig.algo)}`,
      '    secret: "PASTE-THE-SECRET"  # TSIG keys page, Copy secret',
      '',
    );
  }
  lines.push('zone:', `    name: "${zone}"`, `    zonefile: "${zone}.zone"`);
  if (input.side === 'secondary') {
    lines.push(
      ...(tsig
        ? ['    # Transfers only when signed with the key Cloudflare uses', ...['0.0.0.0/0', '::/0'].map((range) => `    provide-xfr: ${range} ${keyName}`)]
        : ["    # Cloudflare's transfer addresses", ...CLOUDFLARE_TRANSFER_SOURCES.map((address) => `    provide-xfr: ${address} NOKEY`)]),
      '    # Tell Cloudflare when the zone changes',
      ...CLOUDFLARE_NOTIFY_TARGETS.map((address) => `    notify: ${address} NOKEY`),
    );
  } else {
    lines.push(
      '    # Cloudflare answers transfers and SOA queries at this address',
      `    request-xfr: ${CLOUDFLARE_PRIMARY_ADDRESS} ${keyName}`,
      `    # Cloudflare's NOTIFY comes from other addresses than ${CLOUDFLARE_PRIMARY_ADDRESS}: add them with`,
      `    # allow-notify: … ${keyName} (Cloudflare's "IP addresses" page for zone transfers lists them)`,
    );
  }
  return lines.join('\n');
}

export type ExcerptServer = 'bind' | 'knot' | 'nsd';

/** The servers the setup check writes an excerpt for, BIND first: its name, its configuration file, its excerpt. */
export const EXCERPT_SERVERS: Record<ExcerptServer, { label: string; file: string; write: (input: ExcerptInput) => string }> = {
  bind: { label: 'BIND 9', file: 'named.conf', write: bindSnippet },
  knot: { label: 'Knot DNS', file: 'knot.conf', write: knotSnippet },
  nsd: { label: 'NSD', file: 'nsd.conf', write: nsdSnippet },
};
