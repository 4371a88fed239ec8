/**
 * Seed data written on first start (no state file yet). Ids are fixed so tests can reference them through SEED;
 * names and addresses use documentation ranges only (RFC 2606 names, RFC 5737 / RFC 3849 addresses).
 */
import { STATE_VERSION, type SandboxState } from './state.js';

export const SEED = {
  /** "Example Corp (sandbox)": a dozen zones, six peers, three TSIGs, three ACLs. */
  accountId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  /** "Staging (sandbox)": two zones, one peer, one ACL, no TSIG. */
  secondAccountId: '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  zones: {
    // Example Corp: secondary zones with an incoming configuration
    /** example.net — secondary; primary ns1+ns2 (TSIG transfer-key); primary serial AHEAD (Force AXFR moves it). */
    exampleNet: '6f43811ed5e3a1b7c649556215c30a4d',
    /** shop.example.org — secondary; primary hidden-primary (no TSIG, port 5353, IXFR); primary serial AHEAD. */
    shopExampleOrg: 'd9e999b7f48b72f6a79513a1119b904b',
    /**
     * mail.example.net — secondary; primary hidden-primary; last checked 3 days ago (stale: Overdue), and the primary
     * has changes Cloudflare has not pulled (primary serial AHEAD; Force AXFR pulls them).
     */
    mailExampleNet: '96e59b142287943851696f38436ca026',
    /** cdn.example.net — secondary; primaries ns1+ns2; in sync; auto refresh 3600 s. */
    cdnExampleNet: '7b9038a2115a3e27d31a7ec909b7c872',
    /** legacy.example.org — secondary, status pending, NO incoming configuration yet. */
    legacyExampleOrg: '588a5af65bff796dcc542ec71c5476fa',
    // Example Corp: full zones (Cloudflare as primary)
    /** example.com — full; outgoing ENABLED to secondary-a + secondary-b (TSIG notify-key); secondaries in sync. */
    exampleCom: 'beec307c74398a1ad1c5e3f05c975fcb',
    /**
     * status.example.org — full; outgoing ENABLED to secondary-a + secondary-b; 2 changes in the IXFR backlog, so the
     * secondaries' serial is BEHIND (Force NOTIFY catches them up).
     */
    statusExampleOrg: '45af812ee5d8c0a3a7a0d6238fc56164',
    /** docs.example.com — full; outgoing DISABLED to secondary-a; the secondary holds an older serial. */
    docsExampleCom: '29d70623fb8c2f72509124fc103cf09d',
    /** eu.example.com — full; outgoing DISABLED, no peers (an older secondary serial, asked by nobody). */
    euExampleCom: '78689b51c01e1090cd2e97fdf7a59814',
    /** example.org — full; no outgoing configuration. */
    exampleOrg: '0ff4eb16225e83f0a862e6d070e49b58',
    /** corp.example — full; no outgoing configuration. */
    corpExample: '7c3bcd9b927c1b3f605171389977718c',
    /** internal.example — full, status pending; nothing configured. */
    internalExample: 'cf09e23326db148de19790ce7a3b3722',
    // Staging
    /** staging.example.com — secondary (Staging account); primary staging-primary; in sync. */
    stagingExampleCom: 'db6936881affbd5f6a29b03fd4aff073',
    /** test.example — full (Staging account); nothing configured. */
    testExample: '972adc7df04503747b8d4cf51a02a672',
  },
  peers: {
    /** ns1-primary: 192.0.2.10:53, AXFR, TSIG transfer-key. Linked to example.net, cdn.example.net. */
    ns1Primary: 'c4b399e0472fd3033bb2d6f6d8262d6c',
    /** ns2-primary: 2001:db8:10::53:53, IXFR, TSIG transfer-key. Linked to example.net, cdn.example.net. */
    ns2Primary: '10e71a53cdbbc6f584e6de7bdfcfd7a6',
    /** hidden-primary: 198.51.100.20:5353, IXFR, no TSIG. Linked to shop.example.org, mail.example.net. */
    hiddenPrimary: 'a264c2c86a99bcb031c0060c7c4eda00',
    /** secondary-a: 203.0.113.53:53, TSIG notify-key. Linked (outgoing) to example.com, status.example.org, docs.example.com. */
    secondaryA: '28807ce02b27fcdee0a8c532ac401eb7',
    /** secondary-b: 2001:db8:20::53:53, TSIG notify-key. Linked (outgoing) to example.com, status.example.org. */
    secondaryB: '3feae7401ebe93623666e9019243a110',
    /** decommissioned-ns: 192.0.2.99:53, no TSIG, linked nowhere (deletable). */
    decommissioned: '0fca859b7714d48db4e577a0473efcb4',
    /** staging-primary (Staging account): 198.51.100.200:53. Linked to staging.example.com. */
    stagingPrimary: 'df1d3b1b3104c4f8fe9a519c822afc28',
  },
  tsigs: {
    /** transfer-key.example.net. hmac-sha256. (base64 secret); used by ns1-primary and ns2-primary. */
    transferKey: '18c6bd9c1a1550c5c5dd397594971681',
    /** notify-key.example.com. hmac-sha512. (base64 secret); used by secondary-a and secondary-b. */
    notifyKey: '7126ad6161a884ff9ccf6614bd2d1d77',
    /** legacy-key. hmac-sha256. (hex secret); used by nothing (deletable). */
    legacyKey: '41dd924f3c780e67200f2ed157db1bb7',
  },
  acls: {
    /** office-network 192.0.2.0/24 */
    officeNetwork: '7e8f8962644c2db09f869612465c797c',
    /** monitoring 198.51.100.53/32 */
    monitoring: 'b709f5c205031eaabdaf1d84f974e4c3',
    /** ipv6-transfer 2001:db8:53::/64 */
    ipv6Transfer: 'b74dfcc02ab8e317196d2089544ca68a',
    /** staging-office 203.0.113.0/28 (Staging account) */
    stagingOffice: 'c6ebdd1dde313f7f8b50020554cffa32',
  },
} as const;

/** Builds the seed state; timestamps are relative to `now` so the dashboard shows plausible "N minutes ago". */
export function buildSeedState(now: Date = new Date()): SandboxState {
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
  const MIN = 60;
  const HOUR = 3600;
  const DAY = 86400;
  const A = SEED.accountId;
  const S = SEED.secondAccountId;
  const Z = SEED.zones;
  const P = SEED.peers;
  const T = SEED.tsigs;

  const zone = (
    id: string,
    account_id: string,
    name: string,
    type: 'full' | 'secondary',
    createdDaysAgo: number,
    extra: { status?: string; primary_serial?: number } = {},
  ) => ({
    id,
    account_id,
    name,
    status: extra.status ?? 'active',
    type,
    created_on: ago(createdDaysAgo * DAY),
    modified_on: ago(Math.max(1, createdDaysAgo - 3) * DAY),
    ...(extra.primary_serial !== undefined ? { primary_serial: extra.primary_serial } : {}),
  });

  const incoming = (
    zoneId: string,
    name: string,
    peers: string[],
    soa_serial: number,
    opts: { auto_refresh_seconds?: number; createdDaysAgo: number; checkedAgo: number; modifiedAgo: number },
  ) => ({
    id: zoneId,
    zone_id: zoneId,
    name,
    peers,
    auto_refresh_seconds: opts.auto_refresh_seconds ?? 86400,
    soa_serial,
    created_time: ago(opts.createdDaysAgo * DAY),
    modified_time: ago(opts.modifiedAgo),
    checked_time: ago(opts.checkedAgo),
  });

  const outgoing = (
    zoneId: string,
    name: string,
    peers: string[],
    soa_serial: number,
    opts: {
      enabled: boolean;
      createdDaysAgo: number;
      checkedAgo: number;
      transferredAgo: number;
      backlog?: number;
      /** What the secondaries hold (the DNS emulator's serial check); default: in sync with soa_serial. */
      secondarySerial?: number;
    },
  ) => ({
    id: zoneId,
    zone_id: zoneId,
    name,
    peers,
    soa_serial,
    created_time: ago(opts.createdDaysAgo * DAY),
    modified_time: ago(opts.createdDaysAgo * DAY - HOUR),
    checked_time: ago(opts.checkedAgo),
    last_transferred_time: ago(opts.transferredAgo),
    enabled: opts.enabled,
    ixfr_backlog: opts.backlog ?? 0,
    secondary_serial: opts.secondarySerial ?? soa_serial,
  });

  return {
    version: STATE_VERSION,
    accounts: [
      { id: A, name: 'Example Corp (sandbox)', type: 'enterprise', created_on: ago(900 * DAY) },
      { id: S, name: 'Staging (sandbox)', type: 'enterprise', created_on: ago(200 * DAY) },
    ],
    zones: [
      zone(Z.exampleCom, A, 'example.com', 'full', 720),
      zone(Z.exampleNet, A, 'example.net', 'secondary', 400, { primary_serial: 2024061203 }),
      zone(Z.exampleOrg, A, 'example.org', 'full', 650),
      zone(Z.shopExampleOrg, A, 'shop.example.org', 'secondary', 180, { primary_serial: 2024052907 }),
      zone(Z.mailExampleNet, A, 'mail.example.net', 'secondary', 300, { primary_serial: 2024040401 }),
      zone(Z.cdnExampleNet, A, 'cdn.example.net', 'secondary', 90, { primary_serial: 1718200000 }),
      zone(Z.legacyExampleOrg, A, 'legacy.example.org', 'secondary', 2, { status: 'pending', primary_serial: 2023121501 }),
      zone(Z.statusExampleOrg, A, 'status.example.org', 'full', 120),
      zone(Z.docsExampleCom, A, 'docs.example.com', 'full', 60),
      zone(Z.euExampleCom, A, 'eu.example.com', 'full', 14),
      zone(Z.corpExample, A, 'corp.example', 'full', 500),
      zone(Z.internalExample, A, 'internal.example', 'full', 1, { status: 'pending' }),
      zone(Z.stagingExampleCom, S, 'staging.example.com', 'secondary', 150, { primary_serial: 2024060401 }),
      zone(Z.testExample, S, 'test.example', 'full', 30),
    ],
    acls: [
      { id: SEED.acls.officeNetwork, account_id: A, name: 'office-network', ip_range: '192.0.2.0/24' },
      { id: SEED.acls.monitoring, account_id: A, name: 'monitoring', ip_range: '198.51.100.53/32' },
      { id: SEED.acls.ipv6Transfer, account_id: A, name: 'ipv6-transfer', ip_range: '2001:db8:53::/64' },
      { id: SEED.acls.stagingOffice, account_id: S, name: 'staging-office', ip_range: '203.0.113.0/28' },
    ],
    peers: [
      { id: P.ns1Primary, account_id: A, name: 'ns1-primary', ip: '192.0.2.10', port: 53, ixfr_enable: false, tsig_id: T.transferKey },
      { id: P.ns2Primary, account_id: A, name: 'ns2-primary', ip: '2001:db8:10::53', port: 53, ixfr_enable: true, tsig_id: T.transferKey },
      { id: P.hiddenPrimary, account_id: A, name: 'hidden-primary', ip: '198.51.100.20', port: 5353, ixfr_enable: true },
      { id: P.secondaryA, account_id: A, name: 'secondary-a', ip: '203.0.113.53', port: 53, ixfr_enable: false, tsig_id: T.notifyKey },
      { id: P.secondaryB, account_id: A, name: 'secondary-b', ip: '2001:db8:20::53', port: 53, ixfr_enable: false, tsig_id: T.notifyKey },
      { id: P.decommissioned, account_id: A, name: 'decommissioned-ns', ip: '192.0.2.99', port: 53, ixfr_enable: false },
      { id: P.stagingPrimary, account_id: S, name: 'staging-primary', ip: '198.51.100.200', port: 53, ixfr_enable: false },
    ],
    tsigs: [
      {
        id: T.transferKey,
        account_id: A,
        name: 'transfer-key.example.net.',
        algo: 'hmac-sha256.',
        secret: 'YivPoRqLU5myNwZtdg9xjYe9xhq3tvaqQ8lOve5nADw=',
      },
      {
        id: T.notifyKey,
        account_id: A,
        name: 'notify-key.example.com.',
        algo: 'hmac-sha512.',
        secret: '+PiQbsAAVwaCpn9IDxgLbi/Wc6NQ+8od4WlGpb+GgUQ0ATbFiBa+iR5Lqkv2HsRMlO9l7w1JbTo9cVyVdULoFQ==',
      },
      {
        id: T.legacyKey,
        account_id: A,
        name: 'legacy-key.',
        algo: 'hmac-sha256.',
        secret: '5abf6afcfdd6527142d77ff3a5b1a9756783b1888fa8b03ab2c1f99418ed1132',
      },
    ],
    incoming: [
      incoming(Z.exampleNet, 'example.net.', [P.ns1Primary, P.ns2Primary], 2024061201, {
        createdDaysAgo: 400, modifiedAgo: 2 * DAY, checkedAgo: 40 * MIN,
      }),
      incoming(Z.shopExampleOrg, 'shop.example.org.', [P.hiddenPrimary], 2024052905, {
        createdDaysAgo: 180, modifiedAgo: 5 * DAY, checkedAgo: 3 * HOUR, auto_refresh_seconds: 21600,
      }),
      // Stale: last checked 3 days ago with a daily refresh (the zones list marks it Overdue), and behind its primary
      // (2024040401): the serial check shows it, Force AXFR catches up.
      incoming(Z.mailExampleNet, 'mail.example.net.', [P.hiddenPrimary], 2024040102, {
        createdDaysAgo: 300, modifiedAgo: 60 * DAY, checkedAgo: 3 * DAY,
      }),
      incoming(Z.cdnExampleNet, 'cdn.example.net.', [P.ns1Primary, P.ns2Primary], 1718200000, {
        createdDaysAgo: 90, modifiedAgo: 1 * DAY, checkedAgo: 12 * MIN, auto_refresh_seconds: 3600,
      }),
      incoming(Z.stagingExampleCom, 'staging.example.com.', [P.stagingPrimary], 2024060401, {
        createdDaysAgo: 150, modifiedAgo: 9 * DAY, checkedAgo: 2 * HOUR,
      }),
    ],
    outgoing: [
      outgoing(Z.exampleCom, 'example.com.', [P.secondaryA, P.secondaryB], 2024061407, {
        enabled: true, createdDaysAgo: 700, checkedAgo: 8 * MIN, transferredAgo: 8 * MIN,
      }),
      outgoing(Z.statusExampleOrg, 'status.example.org.', [P.secondaryA, P.secondaryB], 2024061101, {
        enabled: true, createdDaysAgo: 110, checkedAgo: 25 * MIN, transferredAgo: 26 * HOUR, backlog: 2,
        // Two changes not yet sent: the secondaries still hold the serial of the last transfer (26 hours ago).
        secondarySerial: 2024060903,
      }),
      outgoing(Z.docsExampleCom, 'docs.example.com.', [P.secondaryA], 2024050301, {
        enabled: false, createdDaysAgo: 55, checkedAgo: 40 * DAY, transferredAgo: 40 * DAY,
        // Disabled: the secondary kept what it had before the last changes.
        secondarySerial: 2024042902,
      }),
      outgoing(Z.euExampleCom, 'eu.example.com.', [], 2024060901, {
        enabled: false, createdDaysAgo: 13, checkedAgo: 13 * DAY, transferredAgo: 13 * DAY,
        secondarySerial: 2024060101,
      }),
    ],
  };
}
