/**
 * "Which zones use each peer", from the BFF's look-up (`GET …/peers/usage`, packages/api-types peer-usage.ts): pure
 * helpers for the peers table's Zones column, the delete dialog and the edit form.
 */
import type { Peer, PeerUsage, PeerUse } from '@secdns/api-types';

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

/** "example.net (primary), example.com (secondary)". */
export function usesText(uses: readonly PeerUse[]): string {
  return uses.map((use) => `${use.zone_name} (${roleOf(use)})`).join(', ');
}

/**
 * One sentence for a peer: what a change or a delete touches. Never "no zone" unless every zone was read.
 *   "Used by 2 zones: example.net (primary), mail.example.net (primary)."
 *   "Not used by any of the 12 zones."
 *   "Not used by the 40 zones read (12 of 52 were not read)."
 */
export function peerUsageSentence(usage: PeerUsage, peerId: string): string {
  const uses = usesByPeer(usage).get(peerId) ?? [];
  const notRead = usage.zones_total - usage.zones_read;
  const partial = usage.complete ? '' : ` (${notRead} of ${usage.zones_total} zones were not read)`;
  if (uses.length === 0) {
    if (usage.complete) {
      return usage.zones_total === 1 ? 'Not used by the only zone.' : `Not used by any of the ${usage.zones_total} zones.`;
    }
    return `Not used by the ${usage.zones_read} zone${usage.zones_read === 1 ? '' : 's'} read${partial}.`;
  }
  const zones = new Set(uses.map((use) => use.zone_id)).size;
  return `Used by ${zones} zone${zones === 1 ? '' : 's'}${usage.complete ? '' : ' at least'}: ${usesText(uses)}${partial}.`;
}

/** Zones whose configuration names a peer id the account does not have: their transfers with it cannot work. */
export function missingPeerUses(usage: PeerUsage, peers: readonly Peer[]): PeerUse[] {
  const known = new Set(peers.map((peer) => peer.id));
  return usage.uses.filter((use) => !known.has(use.peer_id));
}
