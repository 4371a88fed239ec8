/**
 * "Which zones use each peer", from the BFF's look-up (`GET …/peers/usage`, packages/api-types peer-usage.ts): pure
 * helpers for the peers table's Zones column, the delete dialog and the edit form.
 */
import type { Peer, PeerUsage, PeerUse } from '@secdns/api-types';
import { countOf as count } from '../../lib/count';


/** The zones of each peer, by zone name. */
export function usesByPeer(usage: PeerUsage): Map<string, PeerUse[]> {
  const byPeer = new Map<string, PeerUse[]>();
  for (const use of usage.uses) {
    const list = byPeer.get(use.peer_id) ?? [];
    list.push(use);
    byPeer.set(use.peer_id, list);
  }
  for (const list of byPeer.values()) list.sort((a, b) => a.zone_name.localeCompare(b.zone_name));
  return byPeer;
}

/** What the peer is to the zone: Cloudflare pulls a secondary zone from its primaries, notifies a primary zone's secondaries. */
export function roleOf(use: Pick<PeerUse, 'direction'>): 'primary' | 'secondary' {
  return use.direction === 'incoming' ? 'primary' : 'secondary';
}

/** "example.net (as its primary), example.com (as its secondary)": what the peer is to each zone. */
export function usesText(uses: readonly PeerUse[]): string {
  return uses.map((use) => `${use.zone_name} (as its ${roleOf(use)})`).join(', ');
}

/**
 * One sentence for a peer: what a change or a delete touches. Never "no zone" unless every zone was read.
 *   "Used by 2 zones: example.net (as its primary), mail.example.net (as its primary)."
 *   "Not used by any of the 12 zones."
 *   "Not used by the 40 zones read (12 of 52 were not read)."
 */
export function peerUsageSentence(usage: PeerUsage, peerId: string): string {
  const uses = usesByPeer(usage).get(peerId) ?? [];
  const notRead = usage.zones_total - usage.zones_read;
  const partial = usage.complete ? '' : ` (${notRead} of ${usage.zones_total} zones were not read)`;
  if (uses.length === 0) {
    if (usage.complete && usage.zones_total === 0) return 'Not used: this account has no zones.';
    if (usage.complete) {
      return usage.zones_total === 1 ? 'Not used by the only zone.' : `Not used by any of the ${usage.zones_total} zones.`;
    }
    return `Not used by the ${count(usage.zones_read, 'zone')} read${partial}.`;
  }
  const zones = new Set(uses.map((use) => use.zone_id)).size;
  return `Used by ${count(zones, 'zone')}${usage.complete ? '' : ' at least'}: ${usesText(uses)}${partial}.`;
}

/** A zone that would be left with peers of different TSIG keys, and the peers whose key differs. */
export interface MixedKeyZone {
  zone_id: string;
  zone_name: string;
  direction: PeerUse['direction'];
  others: Peer[];
}

/**
 * The zones using `peerId` that would have peers with different TSIG keys if it had key `tsigId` (undefined: none):
 * Cloudflare requires one key for every peer of a zone. From the look-up (which zones name which peers) and the
 * peer list (their keys).
 */
export function mixedKeysAfter(usage: PeerUsage, peers: readonly Peer[], peerId: string, tsigId: string | undefined): MixedKeyZone[] {
  const byId = new Map(peers.map((peer) => [peer.id, peer]));
  const result: MixedKeyZone[] = [];
  for (const use of usage.uses) {
    if (use.peer_id !== peerId) continue;
    const others = usage.uses
      .filter((other) => other.zone_id === use.zone_id && other.direction === use.direction && other.peer_id !== peerId)
      .map((other) => byId.get(other.peer_id))
      .filter((other): other is Peer => other !== undefined && (other.tsig_id || undefined) !== tsigId);
    if (others.length) result.push({ zone_id: use.zone_id, zone_name: use.zone_name, direction: use.direction, others });
  }
  return result.sort((a, b) => a.zone_name.localeCompare(b.zone_name));
}

/** Zones whose configuration names a peer id the account does not have: their transfers with it cannot work. */
export function missingPeerUses(usage: PeerUsage, peers: readonly Peer[]): PeerUse[] {
  const known = new Set(peers.map((peer) => peer.id));
  return usage.uses.filter((use) => !known.has(use.peer_id));
}

/**
 * A look-up continued (`?from=` its `resume_from`) added to the one before: every use and error once, the counts
 * summed, the time of the first part (the oldest reading), and a sentence for the whole.
 */
export function mergeUsage(before: PeerUsage, next: PeerUsage): PeerUsage {
  const key = (use: PeerUse) => `${use.zone_id}|${use.direction}|${use.peer_id}`;
  const seen = new Set(before.uses.map(key));
  const uses = [...before.uses, ...next.uses.filter((use) => !seen.has(key(use)))].sort((a, b) =>
    a.zone_name.localeCompare(b.zone_name),
  );
  // Errors of the first part are before `from`: the next part does not read those zones again.
  const unread = [...before.unread, ...next.unread];
  // A zone read by both (in flight when the budget refused the first part) counts twice; never more than all.
  const zonesRead = Math.min(next.zones_total, before.zones_read + next.zones_read);
  const calls = before.upstream_calls + next.upstream_calls;
  const complete = next.complete && before.unread.length === 0;
  const sent = `${count(calls, 'call')} to Cloudflare`;
  let message = complete
    ? `Read the transfer configuration of all ${next.zones_total} zones, in turns (${sent}).`
    : `Read ${zonesRead} of ${next.zones_total} zones so far, in turns (${sent}).`;
  if (next.not_read > 0 && next.resume_from) message += ` ${next.not_read} not read yet: read the rest later to continue from ${next.resume_from}.`;
  if (unread.length > 0) message += ` ${unread.length} could not be read (Cloudflare answered an error).`;
  if (before.stale || next.stale) message += ' Some configurations came from the cache because the budget was spent.';
  return {
    ...next,
    checked_at: before.checked_at,
    zones_before: before.zones_before,
    zones_read: zonesRead,
    upstream_calls: calls,
    stale: before.stale || next.stale,
    complete,
    uses,
    unread,
    message,
  };
}
