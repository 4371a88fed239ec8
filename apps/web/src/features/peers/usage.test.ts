import type { Peer, PeerUsage, PeerUse } from '@secdns/api-types';
import { describe, expect, it } from 'vitest';
import { mergeUsage, missingPeerUses, peerUsageSentence, usesByPeer, usesText } from './usage';

const P1 = 'a'.repeat(32);
const P2 = 'b'.repeat(32);
const GONE = 'c'.repeat(32);

const use = (peer_id: string, zone_name: string, direction: PeerUse['direction']): PeerUse => ({
  peer_id,
  zone_id: zone_name.replace(/\W/g, '').padEnd(32, '0').slice(0, 32),
  zone_name,
  direction,
});

function usage(overrides: Partial<PeerUsage> = {}): PeerUsage {
  return {
    account_id: 'f'.repeat(32),
    checked_at: '2026-11-30T05:00:00.000Z',
    zones_total: 12,
    zones_read: 12,
    zones_before: 0,
    not_read: 0,
    stopped_by: null,
    resume_from: null,
    upstream_calls: 13,
    stale: false,
    complete: true,
    uses: [use(P1, 'mail.example.net', 'incoming'), use(P1, 'example.net', 'incoming'), use(P2, 'example.com', 'outgoing'), use(GONE, 'old.example', 'incoming')],
    unread: [],
    message: 'Read the transfer configuration of all 12 zones (13 calls to Cloudflare).',
    ...overrides,
  };
}

describe('peer usage', () => {
  it('groups the zones by peer, by zone name, and names what the peer is to each zone', () => {
    const byPeer = usesByPeer(usage());
    expect(byPeer.get(P1)!.map((u) => u.zone_name)).toEqual(['example.net', 'mail.example.net']);
    expect(usesText(byPeer.get(P1)!)).toBe('example.net (as its primary), mail.example.net (as its primary)');
    expect(usesText(byPeer.get(P2)!)).toBe('example.com (as its secondary)');
  });

  it('says "not used" only when every zone was read', () => {
    const unused = 'd'.repeat(32);
    expect(peerUsageSentence(usage(), unused)).toBe('Not used by any of the 12 zones.');
    expect(peerUsageSentence(usage({ zones_total: 1, zones_read: 1 }), unused)).toBe('Not used by the only zone.');
    expect(peerUsageSentence(usage({ zones_total: 0, zones_read: 0, uses: [] }), unused)).toBe('Not used: this account has no zones.');
    const partial = usage({ complete: false, zones_total: 52, zones_read: 40 });
    expect(peerUsageSentence(partial, unused)).toBe('Not used by the 40 zones read (12 of 52 zones were not read).');
    expect(peerUsageSentence(partial, P2)).toBe(
      'Used by 1 zone at least: example.com (as its secondary) (12 of 52 zones were not read).',
    );
    expect(peerUsageSentence(usage(), P1)).toBe('Used by 2 zones: example.net (as its primary), mail.example.net (as its primary).');
  });

  it('finds zones that name a peer the account no longer has', () => {
    const peers = [{ id: P1, name: 'ns1' }, { id: P2, name: 'ns2' }] as Peer[];
    expect(missingPeerUses(usage(), peers).map((u) => u.zone_name)).toEqual(['old.example']);
  });

  it('adds a continued look-up to the first: each use once, counts summed, the first part’s time', () => {
    const first = usage({
      zones_total: 12, zones_read: 8, not_read: 4, stopped_by: 'budget', resume_from: 'old.example', complete: false,
      uses: [use(P1, 'example.net', 'incoming'), use(P2, 'example.com', 'outgoing')], upstream_calls: 9,
    });
    const rest = usage({
      checked_at: '2026-11-30T05:05:00.000Z', zones_total: 12, zones_read: 4, zones_before: 8, upstream_calls: 5,
      uses: [use(GONE, 'old.example', 'incoming'), use(P1, 'zz.example', 'incoming')],
    });
    const merged = mergeUsage(first, rest);
    expect(merged).toMatchObject({ zones_read: 12, upstream_calls: 14, complete: true, resume_from: null, checked_at: first.checked_at });
    expect(merged.uses.map((u) => u.zone_name)).toEqual(['example.com', 'example.net', 'old.example', 'zz.example']);
    expect(merged.message).toBe('Read the transfer configuration of all 12 zones, in turns (14 calls to Cloudflare).');
    const partial = mergeUsage(first, { ...rest, zones_read: 2, not_read: 2, resume_from: 'x.example', complete: false });
    expect(partial.complete).toBe(false);
    expect(partial.message).toBe(
      'Read 10 of 12 zones so far, in turns (14 calls to Cloudflare). 2 not read yet: read the rest later to continue from x.example.',
    );
  });
});
