/**
 * The serial watch (docs/decisions/014-serial-watch.md): the serial check of every zone of the watched accounts,
 * in rounds every SERIAL_WATCH_MINUTES, in the background, so that a zone whose copy falls behind is known before a
 * customer notices: `GET /api/accounts/:account_id/secondary_dns/serial_watch` (the zones list shows it), `bff_serial_watch_*` metrics to alert on, and
 * a log line when a zone falls behind or catches up.
 *
 * The watch spends the shared Cloudflare budget like everyone else, so it is paced and yields:
 * - one upstream read at a time, spaced so that the watch never takes more than SERIAL_WATCH_BUDGET_PERCENT of the
 *   budget's capacity per window (one read per zone: its transfer configuration; plus the listings, the account's
 *   peers once per round, and a primary zone's transfer status only when its secondaries are behind);
 * - while less than half of the budget is left (people at work, or Cloudflare's own count), it pauses;
 * - a 429 (throttled by the governor, or from Cloudflare) ends the round.
 * Reads go through the gateway (cache, coalescing, governor), exactly like a person's.
 *
 * At that pace a round of many zones takes longer than the interval (2,000 zones at 10 % of the 1,100 reads per 5
 * minutes the dashboard allows itself: about 1 h 33 min). So a round first lists every account's zones (then it knows how many it has to check,
 * and says "412 of 2,000"), checks the zones checked longest ago first (a round cut short does not leave the same
 * last pages unchecked every time), and the next round starts one interval after this one started — at once when
 * this one took longer, never two at a time. The report says what a full round takes at the configured share.
 *
 * Its memory is in the dashboard's database (`store`): each zone's last check, the last round, and a history of what
 * it found (a zone falls behind, is no longer behind, or is no longer watched while behind; kept 90 days). A restart
 * keeps "behind since" and does not tell the webhook again about zones it already reported.
 */
import {
  OUTGOING_STATUS,
  refreshOverdue,
  serialVerdict,
  type Account,
  type Peer,
  type SerialCheck,
  type SerialDirection,
  type SerialVerdict,
  type SerialWatchEventKind,
  type SerialWatch as SerialWatchView,
  type SerialWatchZone,
  type Zone,
  SERIAL_WATCH_HISTORY_DAYS,
  formatInterval,
} from '@secdns/api-types';
import type { FastifyBaseLogger } from 'fastify';
import type { SerialChecker } from '../dns/serial-checker.js';
import type { RateGovernor } from '../governor/governor.js';
import type { SerialWatchRepository } from '../storage/types.js';
import type { Gateway } from '../upstream/gateway.js';
import { plural, thousands } from '../text.js';
import type { Notify, WatchEvent } from './webhook.js';

export interface SerialWatchOptions {
  gateway: Gateway;
  checker: SerialChecker;
  governor: RateGovernor;
  log: FastifyBaseLogger;
  /** 0: the watch is off. */
  intervalMinutes: number;
  budgetPercent: number;
  /** Watch only this account (CLOUDFLARE_ACCOUNT_ID); otherwise every account the token lists (first 50). */
  accountId?: string;
  /** Delay of the first round after start (default 10 s: the server answers people first). */
  firstRoundDelayMs?: number;
  /**
   * At most this many pages of 50 zones per account and round (default 1,000: 50,000 zones, about a day and a half
   * per round at 10 % of the budget). Only a guard against a runaway listing, not a size anyone should meet: when it
   * cuts, the account's note and the log say which zones are not watched.
   */
  maxZonePages?: number;
  /** From a round's start to the next one's (default `intervalMinutes`); tests shorten it. */
  intervalMs?: number;
  /**
   * Told when a zone falls behind, catches up, or is no longer watched while behind, and when Cloudflare's refresh of
   * an incoming zone becomes overdue or resumes (the webhook).
   */
  notify?: Notify;
  /** Where the watch keeps its memory across restarts (the dashboard's database). */
  store?: SerialWatchRepository;
}

interface Entry extends SerialWatchZone {
  verdict: SerialVerdict;
}

interface Round {
  started_at: string;
  finished_at: string | null;
  /** Every account's zones (for the log line). */
  checked: number;
  skipped: number;
  complete: boolean;
  /** Per account (what its page shows): counts, and what went wrong for that account alone. */
  accounts: Map<string, AccountRound>;
}

interface AccountRound {
  checked: number;
  skipped: number;
  complete: boolean;
  note: string | null;
  /** The zones listed for this round (null until the listing is done; absent in rounds saved before it was counted). */
  zones?: number | null;
  /** The zones the round has gone through so far: checked, skipped, or whose check failed. */
  done?: number;
}

/** A zone the round has to check, with what its check needs. */
interface Pending {
  accountId: string;
  zone: Zone;
  peers: Peer[];
  counts: AccountRound;
}

const PER_PAGE = 50;
const ACCOUNTS_PER_PAGE = 50;
const KIND_ORDER = { behind: 0, attention: 1, 'in-sync': 2 } as const;
const LAST_ROUND_KEY = 'last_round';
const DAY_MS = 86_400_000;

/** The serialisable form of a round (its per-account map as entries). */
type SavedRound = Omit<Round, 'accounts'> & { accounts: [string, AccountRound][] };

/** One event of the history, from the zone's entry. */
function eventOf(zone: SerialWatchZone, event: SerialWatchEventKind, time: string, behindSince: string | null): WatchEvent {
  const refreshEvent = event === 'refresh_overdue' || event === 'refresh_resumed';
  return {
    time,
    event,
    account_id: zone.account_id,
    zone_id: zone.zone_id,
    zone_name: zone.zone_name,
    direction: zone.direction,
    label: zone.label,
    cloudflare_serial: zone.check.cloudflare_serial,
    peers: zone.check.peers.map((peer) => ({ name: peer.peer_name, address: peer.address, serial: peer.serial, status: peer.status })),
    behind_since: refreshEvent ? null : behindSince,
    refresh_overdue_since: refreshEvent ? behindSince : null,
    last_refresh: refreshEvent ? (zone.check.refresh?.checked_time ?? null) : null,
    auto_refresh_seconds: refreshEvent ? (zone.check.refresh?.auto_refresh_seconds ?? null) : null,
  };
}

/** An incoming check whose Cloudflare refresh from the primaries is overdue at the check's time (`refreshOverdue`). */
function overdueAt(check: SerialCheck): boolean {
  const refresh = check.direction === 'incoming' ? check.refresh : undefined;
  return Boolean(refresh && refreshOverdue(refresh.auto_refresh_seconds, refresh.checked_time, Date.parse(check.checked_at)));
}

export class SerialWatch {
  private readonly options: Required<Omit<SerialWatchOptions, 'accountId' | 'notify' | 'store' | 'intervalMs'>> &
    Pick<SerialWatchOptions, 'accountId' | 'notify' | 'store'>;
  private readonly intervalMs: number;
  private readonly zones = new Map<string, Entry>();
  private state: SerialWatchView['state'];
  private note: string | null = null;
  private lastRound: Round | null = null;
  /** When the last round ended (Date.now ms): the metric an alert on a stopped watch reads, kept during the next round. */
  private lastFinishedAt: number | null = null;
  /** How long the last round that ended took (ms), kept while the next one runs. */
  private lastDurationMs: number | null = null;
  /** Each watched account's zones as last listed: what a full round has to read (the estimate). */
  private readonly sizes = new Map<string, number>();
  /** When the watch last went through each zone (ms), checked or not: the zones checked longest ago go first. */
  private readonly tried = new Map<string, number>();
  /** The last round ended at a 429: the budget is spent, so the next one waits a whole interval from its end. */
  private spent = false;

  private current: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextRoundAt: number | null = null;
  private stopped = false;
  private lastReadAt = 0;
  private wake: (() => void) | null = null;
  /** Writes to the store, one after another, in the order things happened. */
  private saving: Promise<void> = Promise.resolve();
  /** Reads the watch made (for the metrics). */
  reads = 0;

  constructor(options: SerialWatchOptions) {
    const { intervalMs, ...rest } = options;
    this.options = { firstRoundDelayMs: 10_000, maxZonePages: 1000, ...rest };
    this.intervalMs = intervalMs ?? options.intervalMinutes * 60_000;
    this.state = options.intervalMinutes > 0 ? 'waiting' : 'off';
  }

  get enabled(): boolean {
    return this.options.intervalMinutes > 0;
  }

  /** The least time between two reads of the watch: its share of the budget's capacity, spread over the window. */
  get spacingMs(): number {
    const { governor, budgetPercent } = this.options;
    const share = Math.max(1, (governor.capacity * budgetPercent) / 100);
    return (governor.windowSeconds * 1000) / share;
  }

  /** Takes back what the watch knew before a restart (its last check of each zone, its last round). */
  async restore(): Promise<void> {
    const { store, log } = this.options;
    if (!store || !this.enabled) return;
    try {
      // A check older than a few rounds says nothing about now (the watch was off, or the server down): such zones
      // start afresh, so no alert fires and no "behind since" spans a time nobody checked.
      const freshAfter = Date.now() - Math.max(3 * this.options.intervalMinutes * 60_000, 3_600_000);
      for (const zone of await store.zones()) {
        if (!(Date.parse(zone.check.checked_at) >= freshAfter)) continue;
        const verdict = serialVerdict(zone.check, { transfersDisabled: zone.transfers_enabled === false });
        this.zones.set(zone.zone_id, { ...zone, verdict });
      }
      const saved = await store.getMeta(LAST_ROUND_KEY);
      if (saved) {
        const round = JSON.parse(saved) as SavedRound;
        this.lastRound = { ...round, accounts: new Map(round.accounts) };
        this.lastFinishedAt = round.finished_at ? Date.parse(round.finished_at) : null;
        this.lastDurationMs = round.finished_at ? Date.parse(round.finished_at) - Date.parse(round.started_at) : null;
        // What the accounts had then is the best estimate of a round until this start's first listing.
        for (const [accountId, account] of round.accounts) if (typeof account.zones === 'number') this.sizes.set(accountId, account.zones);
      }
    } catch (error) {
      log.warn({ err: error }, 'serial watch: could not read what it knew before the restart; starting afresh');
    }
  }

  start(): void {
    if (!this.enabled || this.stopped) return;
    this.schedule(this.options.firstRoundDelayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRoundAt = null;
    this.wake?.();
    await this.current;
    await this.saving;
  }

  /** Runs a round now (or joins the one under way); resolves when it ends. */
  runNow(): Promise<void> {
    if (this.stopped) return Promise.resolve(); // shutting down: no new round
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.current) {
      const startedAt = Date.now();
      this.spent = false;
      this.current = this.round()
        .catch((error: unknown) => {
          // A round must never take the server down: say it, and try again at the next one.
          this.note = 'The last round failed unexpectedly (see the server log).';
          this.options.log.error({ err: error }, 'serial watch: the round failed');
        })
        .finally(() => {
          this.current = null;
          if (this.enabled) this.schedule(this.nextDelay(startedAt));
        });
    }
    return this.current;
  }

  /**
   * Rounds start one interval apart, from start to start, so "every 15 minutes" holds while a round takes less. A
   * round that took longer is followed at once: the watch then checks without a break at its share of the budget
   * (never more), and since this runs only when a round has ended, rounds never overlap nor queue up. After a 429,
   * though, the budget is spent: the next round waits a whole interval from this one's end.
   */
  private nextDelay(startedAt: number): number {
    if (this.spent) return this.intervalMs;
    return Math.max(0, startedAt + this.intervalMs - Date.now());
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextRoundAt = Date.now() + delayMs;
    this.timer = setTimeout(() => void this.runNow(), delayMs);
    this.timer.unref();
  }

  /** What `GET /api/accounts/:account_id/secondary_dns/serial_watch` answers for one account. */
  view(accountId: string): SerialWatchView {
    const account = this.lastRound?.accounts.get(accountId);
    const zones = [...this.zones.values()]
      .filter((entry) => entry.account_id === accountId)
      .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.zone_name.localeCompare(b.zone_name))
      .map(({ verdict: _verdict, ...zone }) => zone);
    return {
      state: this.state,
      interval_minutes: this.options.intervalMinutes,
      budget_percent: this.options.budgetPercent,
      note: this.note ?? account?.note ?? null,
      last_round: this.lastRound
        ? {
            started_at: this.lastRound.started_at,
            finished_at: this.lastRound.finished_at,
            checked: account?.checked ?? 0,
            skipped: account?.skipped ?? 0,
            complete: this.lastRound.complete && (account?.complete ?? false),
            zones: account?.zones ?? null,
            done: account ? (account.done ?? account.checked + account.skipped) : 0,
          }
        : null,
      next_round_at: this.nextRoundAt && this.state !== 'running' ? new Date(this.nextRoundAt).toISOString() : null,
      last_round_seconds: this.lastDurationMs === null ? null : this.lastDurationMs / 1000,
      round_estimate: this.estimate(),
      zones,
    };
  }

  /**
   * What a full round of every watched account needs, as last listed: the accounts' listing (unless one account is
   * configured), per account its peers, its pages of zones and one read per zone, and the transfer status of each
   * primary zone whose secondaries were behind at its last check. At the watch's spacing that is a floor on how
   * long the round takes (a pause for the budget, or slow answers, add to it). Null before the first listing.
   */
  estimate(): { reads: number; seconds: number } | null {
    if (this.sizes.size === 0) return null;
    let reads = this.options.accountId ? 0 : 1;
    for (const zones of this.sizes.values()) reads += 1 + Math.max(1, Math.ceil(zones / PER_PAGE)) + zones;
    for (const entry of this.zones.values()) if (entry.transfers_enabled !== null && this.sizes.has(entry.account_id)) reads += 1;
    return { reads, seconds: Math.round((reads * this.spacingMs) / 1000) };
  }

  /** Per account, the zones the current round (or the last, between rounds) has to check and has gone through. */
  progress(): { account_id: string; zones: number | null; done: number }[] {
    return [...(this.lastRound?.accounts ?? [])].map(([accountId, account]) => ({
      account_id: accountId,
      zones: account.zones ?? null,
      done: account.done ?? account.checked + account.skipped,
    }));
  }

  /** Every zone as last checked (for the metrics). */
  entries(): readonly SerialWatchZone[] {
    return [...this.zones.values()];
  }

  /** When the last round ended (ms), or null before the first. */
  get lastFinished(): number | null {
    return this.lastFinishedAt;
  }

  // -------------------------------------------------------------------------------------------------------------

  /** Waits for the watch's turn: its spacing since the last read, and at least half of the budget left. */
  private async turn(): Promise<boolean> {
    const { governor } = this.options;
    for (;;) {
      if (this.stopped) return false;
      const wait = this.lastReadAt + this.spacingMs - Date.now();
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      if (governor.remaining() < governor.capacity / 2) {
        if (this.state !== 'paused') {
          this.state = 'paused';
          this.note =
            `Paused: less than half of the Cloudflare API budget is left (${governor.remaining()} of ${governor.capacity}); ` +
            'the people using the dashboard come first. The round goes on when the budget is back.';
          this.options.log.info({ serialWatch: { paused: true, remaining: governor.remaining() } }, 'serial watch paused: budget');
        }
        await this.sleep(Math.max(1000, Math.min(this.spacingMs, 30_000)));
        continue;
      }
      if (this.state === 'paused') {
        this.state = 'running';
        this.note = null;
      }
      this.lastReadAt = Date.now();
      this.reads += 1;
      return true;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      timer.unref(); // the server keeps the process alive, not the watch's wait
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private async round(): Promise<void> {
    const { gateway, log } = this.options;
    const round: Round = {
      started_at: new Date().toISOString(),
      finished_at: null,
      checked: 0,
      skipped: 0,
      complete: true,
      accounts: new Map(),
    };
    this.lastRound = round;
    this.state = 'running';
    this.note = null;
    this.nextRoundAt = null;
    const readsBefore = this.reads;
    const stop = (note: string) => {
      round.complete = false;
      this.note = note;
    };
    try {
      let accounts: { id: string; name: string | null }[];
      if (this.options.accountId) {
        accounts = [{ id: this.options.accountId, name: null }];
      } else {
        if (!(await this.turn())) return stop('Stopped: the server is shutting down.');
        const listed = await gateway.call('accounts.list', { params: {}, query: { per_page: ACCOUNTS_PER_PAGE } }, { log });
        if (!listed.ok) return stop(`Could not list the accounts: ${listed.reason ?? `HTTP ${listed.status}`}.`);
        accounts = ((listed.envelope.result ?? []) as Account[]).map((account) => ({ id: account.id, name: account.name }));
      }
      // Accounts the token no longer lists (or beyond the first 50) are no longer watched.
      const ids = new Set(accounts.map((account) => account.id));
      for (const [zoneId, entry] of this.zones) if (!ids.has(entry.account_id)) this.forget(zoneId);
      for (const accountId of [...this.sizes.keys()]) if (!ids.has(accountId)) this.sizes.delete(accountId);

      // First every account's listing (a few reads per 50 zones), so the round knows how many zones it has to check.
      const pending: Pending[] = [];
      const listedAll = new Set<string>();
      for (const account of accounts) {
        const listed = await this.listAccount(account, round);
        if (typeof listed === 'string') return stop(listed);
        if (!listed) continue; // this account's listing failed: its note says so
        pending.push(...listed.zones);
        if (listed.all) listedAll.add(account.id);
      }
      if (listedAll.size === accounts.length) {
        // Every listing complete: forget when the zones no longer listed were tried (zones without a configuration
        // stay, so they do not count as never tried and go first in every round).
        const listedIds = new Set(pending.map((item) => item.zone.id));
        for (const zoneId of [...this.tried.keys()]) if (!listedIds.has(zoneId)) this.tried.delete(zoneId);
      }

      // Then the zones, those the watch went through longest ago first (never first of all): when rounds are cut
      // short, the next one starts where the last stopped instead of with the same first pages again. The sort is
      // stable, so a first round goes in the listing's order.
      const lastTried = (zoneId: string) => {
        const at = this.tried.get(zoneId) ?? Date.parse(this.zones.get(zoneId)?.check.checked_at ?? '');
        return Number.isNaN(at) ? 0 : at;
      };
      const since = new Map(pending.map((item) => [item.zone.id, lastTried(item.zone.id)]));
      pending.sort((a, b) => since.get(a.zone.id)! - since.get(b.zone.id)!);
      for (const item of pending) {
        const ended = await this.checkZone(item, round);
        if (ended) return stop(ended);
      }
      // Every zone listed has been gone through: an account listed in full is complete.
      for (const accountId of listedAll) {
        const counts = round.accounts.get(accountId);
        if (counts) counts.complete = true;
      }
    } finally {
      round.finished_at = new Date().toISOString();
      this.lastFinishedAt = Date.now();
      this.lastDurationMs = this.lastFinishedAt - Date.parse(round.started_at);
      if (this.state === 'running' || this.state === 'paused') this.state = this.stopped ? 'off' : 'waiting';
      // A round cut short by the shutdown is not the last round to show after the restart: the one before stays.
      if (!this.stopped) {
        const saved: SavedRound = { ...round, accounts: [...round.accounts] };
        const before = new Date(Date.now() - SERIAL_WATCH_HISTORY_DAYS * DAY_MS).toISOString();
        this.persist('the last round', async (store) => {
          await store.setMeta(LAST_ROUND_KEY, JSON.stringify(saved));
          await store.prune(before);
        });
      }
      const seconds = this.lastDurationMs / 1000;
      // Longer than the interval: the next round starts now (nextDelay), and the line says so, with what to change.
      const overran = !this.stopped && this.lastDurationMs > this.intervalMs;
      log.info(
        {
          serialWatch: {
            started_at: round.started_at,
            finished_at: round.finished_at,
            seconds,
            reads: this.reads - readsBefore,
            checked: round.checked,
            skipped: round.skipped,
            complete: round.complete,
            behind: this.count('behind'),
            overran,
          },
        },
        `serial watch: round ended, ${plural(round.checked, 'zone')} checked in ${formatInterval(seconds)}${round.complete ? '' : ' (cut short)'}` +
          (overran
            ? `; longer than the ${this.options.intervalMinutes}-minute interval, so the next round starts now ` +
              `(at most ${this.options.budgetPercent} % of the API budget: raise SERIAL_WATCH_BUDGET_PERCENT for shorter rounds)`
            : ''),
      );
    }
  }

  private count(kind: SerialWatchZone['kind']): number {
    let n = 0;
    for (const entry of this.zones.values()) if (entry.kind === kind) n += 1;
    return n;
  }

  /**
   * One account's peers and zones. Returns why the round must end (a string), null when this account's listing
   * failed (its note says so; the round goes on with the next account), or the zones to check and whether the
   * listing was complete.
   */
  private async listAccount(
    account: { id: string; name: string | null },
    round: Round,
  ): Promise<string | { zones: Pending[]; all: boolean } | null> {
    const { gateway, log, maxZonePages } = this.options;
    const accountId = account.id;
    const counts: AccountRound = { checked: 0, skipped: 0, complete: false, note: null, zones: null, done: 0 };
    round.accounts.set(accountId, counts);
    /** A failure of this account's listing: a 429 ends the round, anything else only this account's part of it. */
    const failed = (what: string, response: { status: number; envelope: { errors?: { message: string }[] } }) => {
      if (response.status === 429) return this.failure(what, response);
      counts.note = `Could not ${what} (${response.envelope.errors?.[0]?.message ?? `HTTP ${response.status}`}); the zones checked before keep their last check.`;
      round.complete = false;
      return null;
    };
    if (!(await this.turn())) return 'Stopped: the server is shutting down.';
    const peersListed = await gateway.call('peers.list', { params: { account_id: accountId } }, { log });
    if (!peersListed.ok) return failed('list the peers', peersListed);
    const peers = (peersListed.envelope.result ?? []) as Peer[];
    const zones: Pending[] = [];
    let all = false;
    let total: number | null = null;
    for (let page = 1; page <= maxZonePages; page++) {
      if (!(await this.turn())) return 'Stopped: the server is shutting down.';
      const listed = await gateway.call('zones.list', { params: {}, query: { account_id: accountId, page, per_page: PER_PAGE } }, { log });
      if (!listed.ok) return failed('list the zones', listed);
      const result = (listed.envelope.result ?? []) as Zone[];
      for (const zone of result) zones.push({ accountId, zone, peers, counts });
      const info = listed.envelope.result_info;
      total = typeof info?.total_count === 'number' ? info.total_count : null;
      const totalPages = info?.total_pages ?? (result.length < PER_PAGE ? page : page + 1);
      if (page >= totalPages || result.length === 0) {
        all = true;
        break;
      }
    }
    counts.zones = zones.length;
    this.sizes.set(accountId, zones.length);
    if (all) {
      // Zones gone from a complete listing (deleted) are no longer watched.
      const listedIds = new Set(zones.map((item) => item.zone.id));
      for (const [zoneId, entry] of this.zones) if (entry.account_id === accountId && !listedIds.has(zoneId)) this.forget(zoneId);
    } else {
      // Only past an absurd size (maxZonePages): say which zones are not watched, here and in the log.
      const label = account.name ?? `account ${accountId}`;
      counts.note =
        `Zones past the first ${thousands(zones.length)} of ${label} are not watched` +
        `${total !== null && total > zones.length ? ` (it has ${thousands(total)})` : ''}: ` +
        `the watch lists at most ${thousands(maxZonePages)} pages of ${PER_PAGE} zones per account and round.`;
      log.warn({ serialWatch: { account_id: accountId, listed: zones.length, total } }, `serial watch: ${counts.note}`);
    }
    return { zones, all };
  }

  /** One zone's check. Returns why the round must end, or null. */
  private async checkZone({ accountId, zone, peers, counts }: Pending, round: Round): Promise<string | null> {
    const { gateway, checker, log } = this.options;
    if (!(await this.turn())) return 'Stopped: the server is shutting down.';
    const direction: SerialDirection = zone.type === 'secondary' ? 'incoming' : 'outgoing';
    const outcome = await checker.check(accountId, zone.id, direction, { peers, purpose: 'serial-watch' });
    if (!outcome.ok && outcome.status === 429) return this.failure(`check ${zone.name}`, { status: 429, envelope: outcome.envelope });
    this.tried.set(zone.id, Date.now());
    counts.done = (counts.done ?? 0) + 1;
    if (!outcome.ok) {
      if (outcome.status === 404) {
        // No configuration for its direction (a full zone without outgoing transfers, or its transfers removed):
        // nothing to watch.
        round.skipped += 1;
        counts.skipped += 1;
        this.forget(zone.id);
        return null;
      }
      // Another failure is this zone's: keep its last check (it says when it was made), go on with the others.
      log.warn({ serialWatch: { zone: zone.name, status: outcome.status } }, `serial watch: could not check ${zone.name}`);
      return null;
    }
    round.checked += 1;
    counts.checked += 1;
    let verdict = serialVerdict(outcome.check);
    let transfersEnabled: boolean | null = null;
    if (direction === 'outgoing' && verdict.kind === 'behind') {
      // Secondaries behind: a Force NOTIFY is the fix only while outgoing transfers are enabled.
      if (!(await this.turn())) return 'Stopped: the server is shutting down.';
      const status = await gateway.call('outgoing.status.get', { params: { zone_id: zone.id } }, { log });
      if (status.status === 429) return this.failure(`read the transfer status of ${zone.name}`, status);
      if (status.ok) transfersEnabled = status.envelope.result !== OUTGOING_STATUS.disabled;
      if (transfersEnabled === false) verdict = serialVerdict(outcome.check, { transfersDisabled: true });
    }
    this.record(accountId, outcome.check, verdict, transfersEnabled);
    return null;
  }

  private failure(what: string, response: { status: number; envelope: { errors?: { message: string }[] } }): string {
    if (response.status === 429) this.spent = true;
    const message = response.envelope.errors?.[0]?.message ?? `HTTP ${response.status}`;
    return response.status === 429
      ? `Round ended early: the Cloudflare API budget is spent (${message})`
      : `Round ended early: could not ${what} (${message})`;
  }

  private record(accountId: string, check: SerialCheck, verdict: SerialVerdict, transfersEnabled: boolean | null): void {
    const previous = this.zones.get(check.zone_id);
    const wasBehind = Boolean(previous?.behind_since);
    if (wasBehind && check.peers.length > 0 && check.peers.every((peer) => peer.status !== 'answered')) {
      // Behind last time, and no peer answers now: nothing says it caught up. Keep the last answer (with its time),
      // so a flaky nameserver neither resets "behind since" nor makes the alert and the webhook flap.
      this.options.log.info(
        { serialWatch: { zone: check.zone_name, zone_id: check.zone_id, direction: check.direction } },
        `serial watch: no peer of ${check.zone_name} answered; keeping its last answer (behind)`,
      );
      return;
    }
    // Behind: a copy is behind (Cloudflare's, or a secondary's), whatever is to be done about it — with outgoing
    // transfers off the verdict is "to look at" rather than a Force NOTIFY, but the secondaries are no less stale, so
    // "behind since", the alert and the history go on (a zone is not "no longer behind" because transfers were
    // turned off).
    const behind = verdict.kind === 'behind' || serialVerdict(check).kind === 'behind';
    // Overdue: Cloudflare has not reached the zone's primaries for more than twice its refresh interval — told apart
    // from "behind" (the serials may all match: nothing changed, but the next change will not arrive).
    const overdue = overdueAt(check);
    const wasOverdue = Boolean(previous?.refresh_overdue_since);
    const entry: Entry = {
      account_id: accountId,
      zone_id: check.zone_id,
      zone_name: check.zone_name,
      direction: check.direction,
      kind: verdict.kind,
      label: verdict.label,
      behind_since: behind ? (previous?.behind_since ?? check.checked_at) : null,
      refresh_overdue_since: overdue ? (previous?.refresh_overdue_since ?? check.checked_at) : null,
      transfers_enabled: transfersEnabled,
      check,
      verdict,
    };
    this.zones.set(check.zone_id, entry);
    this.persist(`the check of ${check.zone_name}`, (store) => store.saveZone(entry, new Date()));
    const fields = {
      serialWatch: { zone: check.zone_name, zone_id: check.zone_id, direction: check.direction, verdict: verdict.label, cloudflare_serial: check.cloudflare_serial },
    };
    if (behind && !wasBehind) {
      this.options.log.warn(fields, `serial watch: ${check.zone_name} is behind (${verdict.label})`);
      this.happened(eventOf(entry, 'behind', check.checked_at, entry.behind_since));
    } else if (!behind && wasBehind && previous) {
      this.options.log.info(fields, `serial watch: ${check.zone_name} is no longer behind (${verdict.label})`);
      this.happened(eventOf(entry, 'not_behind', check.checked_at, previous.behind_since));
    }
    if (overdue && !wasOverdue) {
      this.options.log.warn(fields, `serial watch: ${check.zone_name}: Cloudflare's refresh from its primaries is overdue`);
      this.happened(eventOf(entry, 'refresh_overdue', check.checked_at, entry.refresh_overdue_since));
    } else if (!overdue && wasOverdue && previous) {
      this.options.log.info(fields, `serial watch: ${check.zone_name}: Cloudflare refreshed it from its primaries again`);
      this.happened(eventOf(entry, 'refresh_resumed', check.checked_at, previous.refresh_overdue_since ?? null));
    }
  }

  /** A zone is no longer watched (deleted, its transfers removed, its account no longer listed). */
  private forget(zoneId: string): void {
    const entry = this.zones.get(zoneId);
    if (!entry) return;
    this.zones.delete(zoneId);
    this.persist(`that ${entry.zone_name} is no longer watched`, (store) => store.deleteZone(zoneId));
    if (entry.behind_since) {
      // Nobody would hear that it stopped being a problem: say that it is no longer watched.
      this.options.log.info(
        { serialWatch: { zone: entry.zone_name, zone_id: zoneId, direction: entry.direction } },
        `serial watch: ${entry.zone_name} is no longer watched (it was behind)`,
      );
      this.happened(eventOf(entry, 'not_watched', new Date().toISOString(), entry.behind_since));
    }
  }

  /** An event of the history: kept in the store, and told to the webhook. */
  private happened(event: WatchEvent): void {
    this.persist(`an event of ${event.zone_name}`, (store) => store.appendEvent(event));
    this.options.notify?.(event);
  }

  private persist(what: string, work: (store: SerialWatchRepository) => Promise<unknown>): void {
    const { store, log } = this.options;
    if (!store) return;
    this.saving = this.saving
      .then(() => work(store))
      .then(
        () => undefined,
        (error: unknown) => log.warn({ err: error }, `serial watch: could not save ${what}`),
      );
  }

  /** Resolves when everything the watch has to save so far is saved (tests, shutdown). */
  saved(): Promise<void> {
    return this.saving;
  }
}
