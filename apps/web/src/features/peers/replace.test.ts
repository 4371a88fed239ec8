import type { Peer } from '@secdns/api-types';
import { describe, expect, it } from 'vitest';
import { describeChange, planReplacement } from './replace';

const id = (n: number) => n.toString(16).padStart(32, '0');
const KEY = 'k'.repeat(32);
const OTHER_KEY = 'o'.repeat(32);
const peers = [
  { id: id(1), name: 'ns1', tsig_id: KEY },
  { id: id(2), name: 'ns2', tsig_id: KEY },
  { id: id(3), name: 'ns3', tsig_id: KEY },
  { id: id(4), name: 'plain' },
  { id: id(5), name: 'other-key', tsig_id: OTHER_KEY },
] as Peer[];

describe('planReplacement', () => {
  it('puts the new peer in the old one’s place', () => {
    expect(planReplacement([id(1), id(2)], 'incoming', id(1), id(3), peers)).toEqual({ change: true, peers: [id(3), id(2)], note: null });
  });

  it('only removes the old peer when the zone already uses the new one', () => {
    expect(planReplacement([id(1), id(2)], 'incoming', id(1), id(2), peers)).toEqual({
      change: true,
      peers: [id(2)],
      note: 'It already uses ns2: ns1 is only removed.',
    });
  });

  it('removes the peer when asked, but never leaves a secondary zone without a primary', () => {
    expect(planReplacement([id(1), id(2)], 'incoming', id(1), null, peers)).toEqual({ change: true, peers: [id(2)], note: null });
    expect(planReplacement([id(1)], 'incoming', id(1), null, peers)).toMatchObject({
      change: false,
      reason: expect.stringContaining('its only primary'),
    });
    // A primary zone may be left without secondaries.
    expect(planReplacement([id(1)], 'outgoing', id(1), null, peers)).toEqual({ change: true, peers: [], note: null });
  });

  it('refuses to mix TSIG keys (Cloudflare’s rule) and says so', () => {
    const plan = planReplacement([id(1), id(2)], 'incoming', id(1), id(5), peers);
    expect(plan).toMatchObject({ change: false, reason: expect.stringContaining('different TSIG keys (other-key, ns2)') });
    expect(planReplacement([id(1), id(2)], 'incoming', id(1), id(4), peers)).toMatchObject({ change: false });
    // Alone, a peer with another key is fine.
    expect(planReplacement([id(1)], 'incoming', id(1), id(5), peers)).toEqual({ change: true, peers: [id(5)], note: null });
  });

  it('does nothing when the zone no longer uses the peer', () => {
    expect(planReplacement([id(2)], 'incoming', id(1), id(3), peers)).toEqual({ change: false, reason: 'It no longer uses ns1.' });
  });

  it('describes the change by names', () => {
    expect(describeChange([id(1), id(2)], [id(3), id(2)], peers)).toBe('ns1, ns2 → ns3, ns2');
    expect(describeChange([id(1)], [], peers)).toBe('ns1 → none');
  });
});
