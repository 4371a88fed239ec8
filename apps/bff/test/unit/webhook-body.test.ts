/** The serial watch's webhook body: one line a chat channel shows as it is, and the facts (ADR 014). */
import { describe, expect, it } from 'vitest';
import { behindDuration } from '@secdns/api-types';
import { webhookBody, type WatchEvent } from '../../src/watch/webhook.js';

const base: WatchEvent = {
  time: '2026-11-30T14:47:10.000Z',
  event: 'not_behind',
  account_id: 'a'.repeat(32),
  zone_id: 'b'.repeat(32),
  zone_name: 'mail.example.net.',
  direction: 'incoming',
  label: 'In sync',
  cloudflare_serial: 2026113003,
  peers: [
    { name: 'ns1', address: '192.0.2.1', serial: 2026113003, status: 'answered' },
    { name: null, address: '192.0.2.2', serial: null, status: 'timeout' },
  ],
  behind_since: '2026-11-30T14:02:00.000Z',
  refresh_overdue_since: null,
  last_refresh: null,
  auto_refresh_seconds: null,
};

describe('webhook body', () => {
  it('says how long a zone was behind when it is no longer', () => {
    expect(webhookBody(base)).toMatchObject({
      event: 'zone.not_behind',
      text: 'mail.example.net is no longer behind (after 45 minutes): In sync (Cloudflare 2026113003; primaries: ns1 2026113003).',
      zone: 'mail.example.net.',
      verdict: 'In sync',
      behind_since: '2026-11-30T14:02:00.000Z',
      checked_at: base.time,
    });
  });

  it('words a zone behind, and one no longer watched while behind', () => {
    expect(webhookBody({ ...base, event: 'behind', label: 'Secondaries behind', direction: 'outgoing', behind_since: base.time }).text).toBe(
      'mail.example.net is behind: Secondaries behind (Cloudflare 2026113003; secondaries: ns1 2026113003).',
    );
    expect(webhookBody({ ...base, event: 'not_watched', label: 'Cloudflare behind', time: '2026-12-01T16:02:00.000Z' }).text).toBe(
      'mail.example.net is no longer watched (deleted, its transfers removed, or its account no longer listed); ' +
        'it had been behind for 1 day 2 hours: Cloudflare behind (Cloudflare 2026113003; primaries: ns1 2026113003).',
    );
  });

  it("words Cloudflare's refresh overdue (when it last reached the primaries, how often it should) and resumed", () => {
    const overdue = {
      ...base, event: 'refresh_overdue' as const, label: 'Cloudflare behind', behind_since: null,
      refresh_overdue_since: base.time, last_refresh: '2026-11-28T09:00:00.000Z', auto_refresh_seconds: 86400,
    };
    expect(webhookBody(overdue)).toMatchObject({
      event: 'zone.refresh_overdue',
      text:
        "mail.example.net: Cloudflare's refresh from its primaries is overdue — Cloudflare last reached its primaries at " +
        '2026-11-28T09:00:00.000Z, refresh interval 1 day. Changes on the primaries do not reach Cloudflare: check that ' +
        "the primaries answer Cloudflare's SOA queries and transfers (ACL, TSIG, firewall) (Cloudflare 2026113003; primaries: ns1 2026113003).",
      refresh_overdue_since: base.time,
      last_refresh: '2026-11-28T09:00:00.000Z',
      auto_refresh_seconds: 86400,
    });
    expect(webhookBody({ ...overdue, last_refresh: null, auto_refresh_seconds: null }).text).toContain(
      "overdue — Cloudflare has not reached its primaries. Changes",
    );
    expect(
      webhookBody({ ...overdue, event: 'refresh_resumed', label: 'In sync', time: '2026-11-30T17:17:10.000Z' }).text,
    ).toBe(
      'mail.example.net: Cloudflare refreshes it from its primaries again (overdue for 2 hours 30 minutes): In sync ' +
        '(Cloudflare 2026113003; primaries: ns1 2026113003).',
    );
  });

  it('leaves out a duration under a minute or unknown', () => {
    expect(behindDuration({ time: base.time, behind_since: '2026-11-30T14:46:40.000Z' })).toBeNull();
    expect(behindDuration({ time: base.time, behind_since: null })).toBeNull();
    expect(behindDuration({ time: base.time, behind_since: '2026-11-30T13:46:40.000Z' })).toBe('1 hour 1 minute');
  });
});
