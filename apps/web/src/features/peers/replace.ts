/**
 * Replacing a peer in the zones that use it (a primary renumbered into a new peer, a secondary decommissioned): the new
 * peer list of one zone, decided from the zone's configuration as it is when the change is sent. Pure, so the preview
 * and the run decide alike. Cloudflare's rules: a secondary zone (incoming) needs at least one primary; every peer of a
 * zone uses the same TSIG key, or none.
 */
import type { Peer, SerialDirection } from '@secdns/api-types';

export type ReplacementPlan =
  | { change: true; peers: string[]; note: string | null }
  | { change: false; reason: string };

function names(ids: readonly string[], byId: ReadonlyMap<string, Peer>): string {
  return ids.map((id) => byId.get(id)?.name ?? `${id.slice(0, 8)}…`).join(', ') || 'none';
}

/**
 * The zone's peers after replacing `oldId` with `newId` (`null`: remove it), in the same order.
 *   - the zone no longer names the old peer: nothing to do;
 *   - the zone already names the new one: the old one is only removed;
 *   - a secondary zone left without a primary, or peers left with different TSIG keys: not changed, with why.
 */
export function planReplacement(
  current: readonly string[],
  direction: SerialDirection,
  oldId: string,
  newId: string | null,
  peers: readonly Peer[],
): ReplacementPlan {
  const byId = new Map(peers.map((peer) => [peer.id, peer]));
  const oldName = byId.get(oldId)?.name ?? oldId;
  if (!current.includes(oldId)) return { change: false, reason: `It no longer uses ${oldName}.` };
  let note: string | null = null;
  let after: string[];
  if (newId === null || current.includes(newId)) {
    after = current.filter((id) => id !== oldId);
    if (newId !== null) note = `It already uses ${byId.get(newId)?.name ?? newId}: ${oldName} is only removed.`;
  } else {
    after = current.map((id) => (id === oldId ? newId : id));
  }
  if (after.length === 0 && direction === 'incoming') {
    return { change: false, reason: `${oldName} is its only primary, and a secondary zone needs at least one: pick a peer to replace it with.` };
  }
  const keys = new Set(after.map((id) => byId.get(id)?.tsig_id ?? ''));
  if (keys.size > 1) {
    return {
      change: false,
      reason: `Its peers would use different TSIG keys (${names(after, byId)}), which Cloudflare refuses: give them the same key first.`,
    };
  }
  return { change: true, peers: after, note };
}

/** "ns1-primary, ns2-primary → ns3-primary, ns2-primary". */
export function describeChange(before: readonly string[], after: readonly string[], peers: readonly Peer[]): string {
  const byId = new Map(peers.map((peer) => [peer.id, peer]));
  return `${names(before, byId)} → ${names(after, byId)}`;
}

/** A plan's change in words: "ns1, ns2 → ns3, ns2", with its note. */
export function describePlan(before: readonly string[], plan: Extract<ReplacementPlan, { change: true }>, peers: readonly Peer[]): string {
  return [describeChange(before, plan.peers, peers), plan.note].filter(Boolean).join('. ');
}
