/**
 * The serial check (a BFF-owned route, not a Cloudflare operation): the BFF asks every peer of a zone's transfer
 * configuration for the zone's SOA record over DNS and sets each serial beside Cloudflare's `soa_serial`, so a
 * support engineer sees at once whether Cloudflare's copy (incoming) or a secondary's copy (outgoing) is behind.
 *
 *   GET /api/zones/:zone_id/secondary_dns/incoming/serials?account_id=…  the primaries Cloudflare pulls from
 *   GET /api/zones/:zone_id/secondary_dns/outgoing/serials?account_id=…  the secondaries Cloudflare notifies
 *
 * Serials are compared with RFC 1982 serial number arithmetic (they wrap at 2^32), as nameservers compare them.
 * See docs/decisions/010-serial-check.md.
 */
import { z } from 'zod';
import { IdSchema } from '../common.js';
import { formatInterval } from '../words.js';

export const SerialDirectionSchema = z.enum(['incoming', 'outgoing']);
export type SerialDirection = z.infer<typeof SerialDirectionSchema>;

export const SerialCheckParamsSchema = z.strictObject({ zone_id: IdSchema });
/** The account holds the peers (their addresses); the zone's transfer configuration holds only their ids. */
export const SerialCheckQuerySchema = z.strictObject({ account_id: IdSchema });

/**
 * What a peer did with the SOA query:
 * answered (NOERROR with the zone's SOA), no-address (the peer has no IP in Cloudflare), timeout (no answer in time),
 * unreachable (nothing listens there: ICMP port/host unreachable, or the TCP retry was refused), refused (REFUSED:
 * not authoritative for the zone, or it does not answer this dashboard's address), not-found (NXDOMAIN),
 * no-soa (NOERROR but no SOA for the zone: a referral or an empty answer), server-failure (SERVFAIL, often a zone
 * that failed to load), error (another rcode or an answer that could not be read).
 */
export const SoaProbeStatusSchema = z.enum([
  'answered',
  'no-address',
  'timeout',
  'unreachable',
  'refused',
  'not-found',
  'no-soa',
  'server-failure',
  'error',
]);
export type SoaProbeStatus = z.infer<typeof SoaProbeStatusSchema>;

/** The peer's serial against Cloudflare's (RFC 1982): null when either is unknown. */
export const SerialRelationSchema = z.enum(['same', 'peer-ahead', 'peer-behind', 'incomparable']);
export type SerialRelation = z.infer<typeof SerialRelationSchema>;

export const PeerSerialSchema = z.object({
  peer_id: z.string(),
  /** Null when the configuration names a peer id the account does not have (any more). */
  peer_name: z.string().nullable(),
  address: z.string().nullable(),
  port: z.number(),
  status: SoaProbeStatusSchema,
  serial: z.number().nullable(),
  /** The AA flag of the answer: a primary or secondary that answers without it is not serving the zone itself. */
  authoritative: z.boolean().nullable(),
  relation: SerialRelationSchema.nullable(),
  /** Milliseconds from the query to the answer (null without an answer). */
  ms: z.number().nullable(),
  transport: z.enum(['udp', 'tcp']).nullable(),
  /** One sentence a person can act on. */
  message: z.string(),
});
export type PeerSerial = z.infer<typeof PeerSerialSchema>;

export const SerialCheckSchema = z.object({
  zone_id: z.string(),
  zone_name: z.string(),
  direction: SerialDirectionSchema,
  /** The transfer configuration's `soa_serial` (null when Cloudflare has none yet). */
  cloudflare_serial: z.number().nullable(),
  /** When the BFF asked (ISO 8601). */
  checked_at: z.string(),
  /** How long each peer had to answer. */
  timeout_ms: z.number(),
  /** Sandbox mode: the peers' answers come from the sandbox's emulated nameservers, not from the addresses shown. */
  emulated: z.boolean(),
  peers: z.array(PeerSerialSchema),
  /**
   * An incoming check: Cloudflare's own refresh of the zone as its configuration said at the check (when Cloudflare
   * last checked the primaries, and how often it should). Absent for outgoing checks (and from older BFFs).
   */
  refresh: z.object({ checked_time: z.string().nullable(), auto_refresh_seconds: z.number().nullable() }).optional(),
  /**
   * Never sent by the BFF: set by the browser when Cloudflare's serial, read after the check, had moved (a Force
   * AXFR, a transfer at the refresh): `cloudflare_serial` is then the newer one, each answer compared with it again
   * (`againstCloudflareSerial`), and this is the serial the peers were first compared with.
   */
  cloudflare_serial_at_check: z.number().nullable().optional(),
});
export type SerialCheck = z.infer<typeof SerialCheckSchema>;

const HALF = 2 ** 31;
const MODULUS = 2 ** 32;

/**
 * RFC 1982 comparison of two SOA serials: 'same', 'peer-ahead' when `peer` is greater than `reference`,
 * 'peer-behind' when less, 'incomparable' when they are exactly 2^31 apart (the RFC leaves that undefined).
 */
export function compareSerials(peer: number, reference: number): SerialRelation {
  const a = ((peer % MODULUS) + MODULUS) % MODULUS;
  const b = ((reference % MODULUS) + MODULUS) % MODULUS;
  if (a === b) return 'same';
  const forward = (a - b + MODULUS) % MODULUS; // how far `peer` is past `reference`, going forward
  if (forward === HALF) return 'incomparable';
  return forward < HALF ? 'peer-ahead' : 'peer-behind';
}

/** How many increments `peer` is ahead of (positive) or behind (negative) `reference`, in RFC 1982 terms. */
export function serialDistance(peer: number, reference: number): number {
  const forward = (((peer - reference) % MODULUS) + MODULUS) % MODULUS;
  return forward <= HALF ? forward : forward - MODULUS;
}

/** The sentence for an answered query: the serial against Cloudflare's, and what to do about a difference. */
export function answeredSerialMessage(direction: SerialDirection, serial: number, cloudflare: number | null, authoritative: boolean): string {
  const notAa = authoritative
    ? ''
    : ' It answered without the authoritative (AA) flag: it may not be serving this zone itself.';
  if (cloudflare === null) return `Serial ${serial}; Cloudflare has no serial for this zone yet.${notAa}`;
  const relation = compareSerials(serial, cloudflare);
  // Both serials, never their difference: a date-based serial (2024040401 against 2024040102) is not "299 changes".
  if (relation === 'same') return `Serial ${serial}, the same as Cloudflare's.${notAa}`;
  if (relation === 'incomparable') {
    return `Serial ${serial} is exactly 2^31 away from Cloudflare's (${cloudflare}): serial arithmetic (RFC 1982) cannot order them, so no transfer will follow until the serial moves on.${notAa}`;
  }
  if (direction === 'incoming') {
    return relation === 'peer-ahead'
      ? `Serial ${serial} is ahead of Cloudflare's copy (${cloudflare}). Cloudflare has not transferred the latest changes: use Force AXFR, and check that this primary sends NOTIFY to Cloudflare.${notAa}`
      : `Serial ${serial} is behind Cloudflare's copy (${cloudflare}). Cloudflare only transfers a higher serial: this primary is out of date, or its serial went backwards.${notAa}`;
  }
  return relation === 'peer-behind'
    ? `Serial ${serial} is behind Cloudflare's (${cloudflare}). This secondary has not transferred the latest changes: use Force NOTIFY, and check that it may transfer from Cloudflare (its ACL and TSIG key).${notAa}`
    : `Serial ${serial} is ahead of Cloudflare's (${cloudflare}). This secondary holds a copy Cloudflare never served: does it also transfer from another primary?${notAa}`;
}

/**
 * A check compared with Cloudflare's serial as read after it: when Cloudflare's copy moved since the peers were asked
 * (a Force AXFR that worked, a transfer at the refresh), each answer is compared again with the newer serial — the
 * peers' serials stay those of the check's time, which the check still says — so the page does not go on saying
 * "Cloudflare behind" about a copy that has caught up. The same check when the serial is not newer, or unknown.
 */
export function againstCloudflareSerial(check: SerialCheck, cloudflareSerial: number | null | undefined): SerialCheck {
  if (cloudflareSerial === undefined || cloudflareSerial === null) return check;
  // Only a newer serial (RFC 1982): a read that started before the check, or a clock that runs ahead, can carry an
  // older one, and Cloudflare's copy does not go backwards.
  if (check.cloudflare_serial !== null && compareSerials(cloudflareSerial, check.cloudflare_serial) !== 'peer-ahead') return check;
  return {
    ...check,
    cloudflare_serial: cloudflareSerial,
    cloudflare_serial_at_check: check.cloudflare_serial_at_check !== undefined ? check.cloudflare_serial_at_check : check.cloudflare_serial,
    peers: check.peers.map((peer) =>
      peer.status === 'answered' && peer.serial !== null
        ? {
            ...peer,
            relation: compareSerials(peer.serial, cloudflareSerial),
            message: answeredSerialMessage(check.direction, peer.serial, cloudflareSerial, peer.authoritative !== false),
          }
        : peer,
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What a check means (shared by the browser's badges and the BFF's serial watch, so both say the same)

export interface SerialVerdictBase {
  label: string;
  /** A Mantine colour name for the badge. */
  color: string;
}

/** One peer's answer: whether its copy matches Cloudflare's, and who is behind. */
export function peerSerialVerdict(peer: PeerSerial, direction: SerialDirection): SerialVerdictBase {
  if (peer.status !== 'answered') {
    const labels: Record<Exclude<PeerSerial['status'], 'answered'>, string> = {
      'no-address': 'No address',
      timeout: 'No answer',
      unreachable: 'Unreachable',
      refused: 'Refused',
      'not-found': 'No such zone',
      'no-soa': 'No SOA',
      'server-failure': 'SERVFAIL',
      error: 'Error',
    };
    return { label: labels[peer.status], color: peer.status === 'no-address' ? 'gray' : 'red' };
  }
  switch (peer.relation) {
    case 'same':
      return { label: 'In sync', color: 'teal' };
    case 'peer-ahead':
      return direction === 'incoming' ? { label: 'Cloudflare behind', color: 'orange' } : { label: 'Secondary ahead', color: 'orange' };
    case 'peer-behind':
      return direction === 'incoming' ? { label: 'Primary behind', color: 'red' } : { label: 'Secondary behind', color: 'orange' };
    case 'incomparable':
      return { label: 'Incomparable', color: 'red' };
    default:
      return { label: 'Answered', color: 'blue' };
  }
}

/**
 * What a zone's check means, in three kinds:
 * - `behind`: a copy is behind and a Force action is the fix — Cloudflare's copy behind a primary (Force AXFR), or a
 *   secondary behind Cloudflare (Force NOTIFY);
 * - `in-sync`: every peer answered with Cloudflare's serial;
 * - `attention`: anything else (a peer that does not answer, a primary behind Cloudflare, no peers, secondaries
 *   behind while outgoing transfers are disabled).
 */
export type SerialVerdictKind = 'behind' | 'in-sync' | 'attention';

export interface SerialVerdict extends SerialVerdictBase {
  kind: SerialVerdictKind;
}

/** `transfersDisabled`: the zone's outgoing transfers are off (a Force NOTIFY then transfers nothing). */
/**
 * Cloudflare's last check of the primaries is more than twice the refresh interval (plus 5 minutes) before `now`: the
 * zone is probably stale (the primaries refuse Cloudflare, or do not answer). False when either value is missing.
 */
export function refreshOverdue(
  autoRefreshSeconds: number | null | undefined,
  checkedTime: string | null | undefined,
  now: number,
): boolean {
  if (autoRefreshSeconds === undefined || autoRefreshSeconds === null || !checkedTime) return false;
  const checked = Date.parse(checkedTime);
  if (Number.isNaN(checked)) return false;
  return (now - checked) / 1000 > 2 * autoRefreshSeconds + 300;
}

/** The verdict of an incoming zone in sync whose refresh is overdue (`serialVerdict`). */
export const REFRESH_OVERDUE_LABEL = 'In sync, refresh overdue';

export function serialVerdict(check: SerialCheck, { transfersDisabled = false }: { transfersDisabled?: boolean } = {}): SerialVerdict {
  const incoming = check.direction === 'incoming';
  const total = check.peers.length;
  if (total === 0) return { kind: 'attention', label: incoming ? 'No primaries' : 'No secondaries', color: 'gray' };
  const answered = check.peers.filter((peer) => peer.status === 'answered' && peer.serial !== null);
  if (incoming && check.cloudflare_serial === null && answered.length > 0) {
    return { kind: 'behind', label: 'Cloudflare has none', color: 'orange' };
  }
  const late = check.peers.filter((peer) => peer.relation === (incoming ? 'peer-ahead' : 'peer-behind'));
  if (late.length > 0) {
    if (!incoming && transfersDisabled) {
      return { kind: 'attention', label: 'Behind, transfers off', color: 'red' };
    }
    const label = incoming
      ? 'Cloudflare behind'
      : late.length === total
        ? total === 1 ? 'Secondary behind' : 'Secondaries behind'
        : `${late.length} of ${total} behind`;
    return { kind: 'behind', label, color: 'orange' };
  }
  const inSync = check.peers.filter((peer) => peer.relation === 'same').length;
  if (inSync === total) {
    // The same serial everywhere, but Cloudflare has not reached its primaries for more than two refresh intervals
    // (as of the check): nothing is behind yet, yet the next change on the primaries will not arrive. To look at.
    const refresh = check.refresh;
    if (incoming && refresh && refreshOverdue(refresh.auto_refresh_seconds, refresh.checked_time, Date.parse(check.checked_at))) {
      return { kind: 'attention', label: REFRESH_OVERDUE_LABEL, color: 'red' };
    }
    return { kind: 'in-sync', label: 'In sync', color: 'teal' };
  }
  const first = check.peers.find((peer) => peer.relation !== 'same')!;
  const verdict = peerSerialVerdict(first, check.direction);
  return {
    kind: 'attention',
    label: inSync > 0 ? `${inSync} of ${total} in sync` : verdict.label,
    color: verdict.color === 'gray' ? 'gray' : 'red',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The serial watch (BFF-owned): the serial check of every zone, in the background, at a share of the budget
//
//   GET /api/accounts/:account_id/secondary_dns/serial_watch   the last round's checks of the account's zones, and
//   the watch's state
//
// See docs/decisions/014-serial-watch.md.

export const SerialWatchParamsSchema = z.strictObject({ account_id: IdSchema });

/**
 * The largest share of the budget the watch may take (SERIAL_WATCH_BUDGET_PERCENT): the other half is for the
 * people using the dashboard. The zones list says "raise it" only below this.
 */
export const SERIAL_WATCH_MAX_BUDGET_PERCENT = 50;

export const SerialWatchZoneSchema = z.object({
  account_id: z.string(),
  zone_id: z.string(),
  zone_name: z.string(),
  direction: SerialDirectionSchema,
  kind: z.enum(['behind', 'in-sync', 'attention']),
  label: z.string(),
  /**
   * Since when (ISO 8601) every round found this zone's copy behind (Cloudflare's or a secondary's, also while its
   * outgoing transfers are off: kind "attention"); null when no copy is behind.
   */
  behind_since: z.string().nullable(),
  /**
   * An incoming zone: since when (ISO 8601) every round found Cloudflare's own refresh from its primaries overdue
   * (`refreshOverdue`: Cloudflare has not reached them for more than twice the refresh interval, whatever the serials
   * say); null when it is not (and for outgoing zones).
   */
  refresh_overdue_since: z.string().nullable().default(null),
  /**
   * A primary zone's outgoing transfers as the watch read them with this check (it reads them only when the
   * secondaries are behind: disabled makes that "to look at", not a Force NOTIFY); null when not read.
   */
  transfers_enabled: z.boolean().nullable(),
  /** The check itself, as the serial check route answers it. */
  check: SerialCheckSchema,
});
export type SerialWatchZone = z.infer<typeof SerialWatchZoneSchema>;

export const SerialWatchStateSchema = z.enum(['off', 'waiting', 'running', 'paused']);

export const SerialWatchSchema = z.object({
  /** off: not configured (SERIAL_WATCH_MINUTES=0); waiting: between rounds; running; paused: budget too low. */
  state: SerialWatchStateSchema,
  interval_minutes: z.number(),
  /** The largest share of the Cloudflare API budget the watch may use, in percent. */
  budget_percent: z.number(),
  /** Why it is paused or what went wrong in the last round (null when nothing to say). */
  note: z.string().nullable(),
  last_round: z
    .object({
      started_at: z.string(),
      finished_at: z.string().nullable(),
      /** Zones checked in that round (those without a transfer configuration for their direction are skipped). */
      checked: z.number(),
      skipped: z.number(),
      /** False when the round was cut short (budget, a failed listing, shutdown). */
      complete: z.boolean(),
      /**
       * The account's zones the round goes through (its listing, up to the watch's guard against absurd sizes):
       * known once they are listed, null before (and in a round saved before this was counted).
       */
      zones: z.number().int().nullable().default(null),
      /**
       * The account's zones the round has gone through so far: checked, skipped, or whose check failed (with `zones`,
       * "412 of 2,000" while it runs); null when not known.
       */
      done: z.number().int().nullable().default(null),
    })
    .nullable(),
  /** How long the last round that ended took, in seconds (kept while the next one runs); null before the first. */
  last_round_seconds: z.number().nullable().default(null),
  /**
   * How long a full round (every watched account) takes at the configured share of the budget: the reads it needs
   * (one per zone, the listings, each account's peers, the transfer status of primary zones whose secondaries are
   * behind) times the watch's spacing between two reads. A floor: a pause for the budget or slow answers make a
   * round longer. Null until the zones have been listed once. When `seconds` is more than the interval, rounds run
   * back to back: each starts when the one before ends.
   */
  round_estimate: z
    .object({ reads: z.number().int(), seconds: z.number() })
    .nullable()
    .default(null),
  next_round_at: z.string().nullable(),
  /** This account's zones as last checked, the zones behind first. */
  zones: z.array(SerialWatchZoneSchema),
});
export type SerialWatch = z.infer<typeof SerialWatchSchema>;

// ---------------------------------------------------------------------------------------------------------------
// The serial watch's history: what it found, kept in the dashboard's database (90 days)
//
//   GET /api/accounts/:account_id/secondary_dns/serial_watch/history?zone_id=&page=&per_page=
//
// One event each time a zone changes state in the watch's eyes: it falls behind, it is no longer behind (with how
// long it was), or a zone found behind is no longer watched (deleted, its transfers removed, its account no longer
// listed). Newest first. The zone page shows them beside the audited actions, so the story of an incident reads in
// one list: found behind 14:02, Force AXFR by alice 14:40, caught up 14:47.

export const SerialWatchEventKindSchema = z.enum(['behind', 'not_behind', 'not_watched', 'refresh_overdue', 'refresh_resumed']);
export type SerialWatchEventKind = z.infer<typeof SerialWatchEventKindSchema>;

export const SerialWatchEventSchema = z.object({
  id: z.number().int(),
  /** When the watch found it (the check's time; for not_watched, the round's). */
  time: z.string(),
  event: SerialWatchEventKindSchema,
  account_id: z.string(),
  zone_id: z.string(),
  zone_name: z.string(),
  direction: SerialDirectionSchema,
  /** The verdict as the zones list words it ("Cloudflare behind", "In sync"). */
  label: z.string(),
  cloudflare_serial: z.number().nullable(),
  peers: z.array(
    z.object({
      name: z.string().nullable(),
      address: z.string().nullable(),
      serial: z.number().nullable(),
      status: z.string(),
    }),
  ),
  /** behind: when it was found behind (= time); not_behind / not_watched: since when it had been behind. */
  behind_since: z.string().nullable(),
  /**
   * refresh_overdue: when the watch found Cloudflare's refresh overdue (= time); refresh_resumed: since when it had
   * been overdue. Null for the other events.
   */
  refresh_overdue_since: z.string().nullable().default(null),
  /**
   * refresh_overdue / refresh_resumed: when Cloudflare last reached the zone's primaries (its `checked_time`), and
   * how often it should (seconds), as the check read them. Null for the other events.
   */
  last_refresh: z.string().nullable().default(null),
  auto_refresh_seconds: z.number().nullable().default(null),
});
export type SerialWatchEvent = z.infer<typeof SerialWatchEventSchema>;

export const SERIAL_WATCH_HISTORY_DAYS = 90;

export const SerialWatchHistoryQuerySchema = z.strictObject({
  zone_id: IdSchema.optional(),
  page: z.coerce.number().int().min(1, { error: 'must be at least 1' }).default(1),
  per_page: z.coerce.number().int().min(1, { error: 'must be at least 1' }).max(100, { error: 'must be at most 100' }).default(20),
});

/**
 * How long the zone had been behind (or its refresh overdue, for the refresh events) at the event ("45 minutes", to
 * the minute); null when unknown or under a minute.
 */
export function behindDuration(
  event: Pick<SerialWatchEvent, 'time' | 'behind_since'> & Partial<Pick<SerialWatchEvent, 'event' | 'refresh_overdue_since'>>,
): string | null {
  const refreshEvent = event.event === 'refresh_overdue' || event.event === 'refresh_resumed';
  const since = refreshEvent ? event.refresh_overdue_since : event.behind_since;
  if (!since) return null;
  const seconds = (Date.parse(event.time) - Date.parse(since)) / 1000;
  return Number.isFinite(seconds) && seconds >= 60 ? formatInterval(Math.round(seconds / 60) * 60) : null;
}
