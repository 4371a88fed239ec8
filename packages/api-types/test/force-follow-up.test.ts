import { describe, expect, it } from 'vitest';
import { forceMoved, forceSeenAfterText, forceSnapshotOf, isFollowedForce, type ForceSeenAfter } from '../src/index.js';

const FORCED = '2026-12-01T10:00:00.000Z';

describe('forceSnapshotOf', () => {
  it('takes the serial and the check time (AXFR) or the transfer time (NOTIFY)', () => {
    const config = { soa_serial: 7, checked_time: '2026-12-01T09:00:00Z', last_transferred_time: '2026-11-30T00:00:00Z', peers: ['p'] };
    expect(forceSnapshotOf('forceAxfr', config)).toEqual({ soa_serial: 7, time: '2026-12-01T09:00:00Z' });
    expect(forceSnapshotOf('outgoing.forceNotify', config)).toEqual({ soa_serial: 7, time: '2026-11-30T00:00:00Z' });
  });

  it('missing or odd fields are null; no configuration is no snapshot', () => {
    expect(forceSnapshotOf('forceAxfr', { soa_serial: 'x', checked_time: '' })).toEqual({ soa_serial: null, time: null });
    expect(forceSnapshotOf('forceAxfr', null)).toBeNull();
    expect(forceSnapshotOf('forceAxfr', 'OK')).toBeNull();
  });

  it('only the two Forces are followed', () => {
    expect(['forceAxfr', 'outgoing.forceNotify', 'outgoing.enable', 'incoming.get'].map(isFollowedForce)).toEqual([true, true, false, false]);
  });
});

describe('forceMoved', () => {
  const before = { soa_serial: 1, time: '2026-12-01T09:00:00Z' };
  it('a new serial, or a later time, is a move', () => {
    expect(forceMoved(before, { soa_serial: 2, time: before.time }, FORCED)).toBe(true);
    expect(forceMoved(before, { soa_serial: 1, time: '2026-12-01T10:00:01Z' }, FORCED)).toBe(true);
  });
  it('the same serial and time is not; nor is an earlier time', () => {
    expect(forceMoved(before, { ...before }, FORCED)).toBe(false);
    expect(forceMoved(before, { soa_serial: 1, time: '2026-12-01T08:00:00Z' }, FORCED)).toBe(false);
    expect(forceMoved(before, { soa_serial: 1, time: null }, FORCED)).toBe(false);
  });
  it('nothing read before: a time after the Force counts (a time before it does not)', () => {
    expect(forceMoved(null, { soa_serial: 5, time: '2026-12-01T10:00:03Z' }, FORCED)).toBe(true);
    expect(forceMoved(null, { soa_serial: 5, time: '2026-12-01T09:59:00Z' }, FORCED)).toBe(false);
  });
});

describe('forceSeenAfterText', () => {
  const seen = (over: Partial<ForceSeenAfter>): ForceSeenAfter => ({
    observed_at: '2026-12-01T10:00:08.000Z',
    moved: true,
    before: { soa_serial: 2024061201, time: '2026-12-01T09:00:00Z' },
    after: { soa_serial: 2024061203, time: '2026-12-01T10:00:07Z' },
    ...over,
  });

  it('Force AXFR: the serial before and after, and how soon', () => {
    expect(forceSeenAfterText('forceAxfr', seen({}), FORCED)).toBe('serial 2024061201 → 2024061203, seen 8 s later');
  });
  it('Force AXFR: checked, serial unchanged', () => {
    const text = forceSeenAfterText('forceAxfr', seen({ after: { soa_serial: 2024061201, time: '2026-12-01T10:00:07Z' } }), FORCED);
    expect(text).toBe('Cloudflare checked the primaries, seen 8 s later; serial unchanged (2024061201)');
  });
  it('Force AXFR: nothing moved over the window, in minutes', () => {
    const text = forceSeenAfterText('forceAxfr', seen({ moved: false, observed_at: '2026-12-01T10:09:40.000Z', after: { soa_serial: 2024061201, time: null } }), FORCED);
    expect(text).toBe("nothing moved in the dashboard's reads over 10 min (serial 2024061201)");
  });
  it('Force NOTIFY: a transfer, or none', () => {
    expect(forceSeenAfterText('outgoing.forceNotify', seen({ after: { soa_serial: 9, time: '2026-12-01T10:00:03Z' } }), FORCED)).toBe(
      'a secondary transferred the zone, seen 8 s later (serial 9)',
    );
    expect(forceSeenAfterText('outgoing.forceNotify', seen({ moved: false, after: { soa_serial: null, time: null } }), FORCED)).toBe(
      "no transfer seen in the dashboard's reads over 8 s (serial none)",
    );
  });
});
