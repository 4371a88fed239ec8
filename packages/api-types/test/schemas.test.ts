import { describe, expect, it } from 'vitest';
import {
  AclBodySchema,
  CidrSchema,
  DomainNameSchema,
  IdSchema,
  IncomingBodySchema,
  OutgoingBodySchema,
  PeerBodySchema,
  RateBudgetSchema,
  unusablePeerAddress,
  TSIG_ALGORITHMS,
  TSIG_SECRET_MASK,
  TsigBodySchema,
  ZonesListQuerySchema,
  validationErrors,
  pointerFor,
} from '../src/index.js';

const id = (c: string) => c.repeat(32);

describe('ids', () => {
  it('are 32 lowercase hex', () => {
    expect(IdSchema.safeParse('23ff594956f20c2a721606e94745a8aa').success).toBe(true);
    for (const bad of ['23FF594956F20C2A721606E94745A8AA', 'abc', `${id('a')}0`, 'g'.repeat(32), ''])
      expect(IdSchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe('ACL ip_range', () => {
  it.each(['192.0.2.53/28', '192.0.2.0/24', '198.51.100.53/32', '2001:db8::/64', '2001:db8:53::1/128'])(
    'accepts %s',
    (value) => expect(CidrSchema.safeParse(value).success).toBe(true),
  );
  it.each(['10.0.0.0/8', '192.0.2.0/23', '2001:db8::/48', '2001:db8::/63'])('refuses %s as too wide', (value) => {
    const result = CidrSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/at most \/(24|64)/);
  });
  it.each(['192.0.2.1', '300.0.2.0/24', '192.0.2.0/33', 'example.com/24', '2001:db8::/129', ''])('refuses %s', (value) =>
    expect(CidrSchema.safeParse(value).success).toBe(false),
  );
  it.each([
    ['198.51.100.77', '198.51.100.77/32'],
    ['2001:db8::53', '2001:db8::53/128'],
  ])('refuses a lone address %s, naming the range of that one address', (value, range) => {
    const result = CidrSchema.safeParse(value);
    expect(result.error!.issues[0]!.message).toBe(`must be a range with its prefix length: ${range} for this one address`);
  });
  it('rejects unknown keys in the body', () => {
    const result = AclBodySchema.safeParse({ name: 'a', ip_range: '192.0.2.0/24', id: 'x' });
    expect(validationErrors(result.error!, 'body')).toEqual([
      expect.objectContaining({ code: 1001, source: { pointer: '/id' } }),
    ]);
  });
});

describe('peers', () => {
  it('accepts a whole peer and a name-only peer', () => {
    expect(PeerBodySchema.safeParse({ name: 'ns1' }).success).toBe(true);
    expect(
      PeerBodySchema.safeParse({ name: 'ns1', ip: '2001:db8::53', port: 5353, ixfr_enable: true, tsig_id: id('a') })
        .success,
    ).toBe(true);
  });
  it.each([
    [{ name: '' }, '/name'],
    [{ name: 'x'.repeat(256) }, '/name'],
    [{ name: 'a', ip: '192.0.2.300' }, '/ip'],
    [{ name: 'a', ip: 'ns1.example.com' }, '/ip'],
    [{ name: 'a', ip: '0.0.0.0' }, '/ip'],
    [{ name: 'a', ip: '255.255.255.255' }, '/ip'],
    [{ name: 'a', ip: '239.1.2.3' }, '/ip'],
    [{ name: 'a', ip: '::' }, '/ip'],
    [{ name: 'a', ip: 'FF02::1' }, '/ip'],
    [{ name: 'a', port: 0 }, '/port'],
    [{ name: 'a', port: 65536 }, '/port'],
    [{ name: 'a', port: 53.5 }, '/port'],
    [{ name: 'a', port: '53' }, '/port'],
    [{ name: 'a', ixfr_enable: 'yes' }, '/ixfr_enable'],
    [{ name: 'a', tsig_id: 'nope' }, '/tsig_id'],
  ])('refuses %j at %s', (body, pointer) => {
    const result = PeerBodySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(validationErrors(result.error!, 'body').map((e) => e.source?.pointer)).toContain(pointer);
  });
});

describe('unusablePeerAddress', () => {
  it('names the addresses no nameserver can have, and leaves the others (private and loopback included) alone', () => {
    expect(unusablePeerAddress('0.0.0.0')).toMatch(/unspecified/);
    expect(unusablePeerAddress('255.255.255.255')).toMatch(/broadcast/);
    expect(unusablePeerAddress('224.0.0.251')).toMatch(/multicast/);
    expect(unusablePeerAddress('0:0::0')).toMatch(/unspecified/);
    expect(unusablePeerAddress('ff05::2')).toMatch(/multicast/);
    for (const ip of ['192.0.2.53', '10.0.0.5', '127.0.0.1', '223.255.255.255', '240.0.0.1', '::1', '2001:db8::53', 'fe80::1', 'f00::1'])
      expect(unusablePeerAddress(ip)).toBeNull();
  });
});

describe('TSIGs', () => {
  it('accepts every Cloudflare algorithm', () => {
    for (const algo of TSIG_ALGORITHMS)
      expect(TsigBodySchema.safeParse({ name: 'tsig.customer.cf.', algo, secret: 'c2VjcmV0' }).success).toBe(true);
  });
  it('refuses unknown algorithms, bad names and blank secrets', () => {
    expect(TsigBodySchema.safeParse({ name: 'k.', algo: 'hmac-sha512', secret: 'x' }).success).toBe(false);
    expect(TsigBodySchema.safeParse({ name: 'bad name', algo: 'hmac-sha256.', secret: 'x' }).success).toBe(false);
    expect(TsigBodySchema.safeParse({ name: 'k.', algo: 'hmac-sha256.', secret: '' }).success).toBe(false);
    expect(TsigBodySchema.safeParse({ name: 'k.', algo: 'hmac-sha256.', secret: 'a b' }).success).toBe(false);
  });
  it('takes secrets in Base64 only (what nameservers read), the mask that keeps the current one, and Cloudflare\'s hex example', () => {
    const secret = (value: string) => TsigBodySchema.safeParse({ name: 'k.', algo: 'hmac-sha256.', secret: value });
    for (const good of ['YivPoRqLU5myNwZtdg9xjYe9xhq3tvaqQ8lOve5nADw=', 'bmV3LXNlY3JldA==', 'bWF0cml4', TSIG_SECRET_MASK,
      'caf79a7804b04337c9c66ccd7bef9190a1e1679b5dd03d8aa10f7ad45e1a9dab92b417896c15d4d007c7c14194538d2a5d0feffdecc5a7f0e1c570cfa700837c'])
      expect(secret(good).success, good).toBe(true);
    for (const bad of ['abc$%^&*', 'a', 'c2VjcmV0L', 'c2VjcmV0=', 'c2Vj=cmV0', 'c2VjcmV0-_', '********']) {
      const result = secret(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message, bad).toMatch(/^must be Base64, as tsig-keygen prints it/);
    }
  });
  it('knows domain names', () => {
    for (const good of ['example.com', 'example.com.', 'a-b.example', '_tsig.example.com.'])
      expect(DomainNameSchema.safeParse(good).success, good).toBe(true);
    for (const bad of ['', '.', 'a..b', '-a.com', 'a-.com', `${'a'.repeat(64)}.com`, 'a b.com'])
      expect(DomainNameSchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe('incoming and outgoing', () => {
  const good = { name: 'example.com.', peers: [id('a')], auto_refresh_seconds: 86400 };
  it('accepts a documented-looking body', () => expect(IncomingBodySchema.safeParse(good).success).toBe(true));
  it('needs auto refresh >= 300 and whole seconds', () => {
    expect(IncomingBodySchema.safeParse({ ...good, auto_refresh_seconds: 299 }).success).toBe(false);
    expect(IncomingBodySchema.safeParse({ ...good, auto_refresh_seconds: 300 }).success).toBe(true);
    expect(IncomingBodySchema.safeParse({ ...good, auto_refresh_seconds: 300.5 }).success).toBe(false);
  });
  it('needs 1-30 unique peers for incoming, 0-30 for outgoing', () => {
    const many = Array.from({ length: 31 }, (_, i) => i.toString(16).padStart(32, '0'));
    expect(IncomingBodySchema.safeParse({ ...good, peers: [] }).success).toBe(false);
    expect(IncomingBodySchema.safeParse({ ...good, peers: many }).success).toBe(false);
    expect(IncomingBodySchema.safeParse({ ...good, peers: many.slice(0, 30) }).success).toBe(true);
    expect(IncomingBodySchema.safeParse({ ...good, peers: [id('a'), id('a')] }).success).toBe(false);
    expect(OutgoingBodySchema.safeParse({ name: 'example.com.', peers: [] }).success).toBe(true);
    expect(OutgoingBodySchema.safeParse({ name: 'example.com.', peers: many }).success).toBe(false);
    const bad = IncomingBodySchema.safeParse({ ...good, peers: [id('a'), 'nope'] });
    expect(validationErrors(bad.error!, 'body')[0]!.source?.pointer).toBe('/peers/1');
  });
  it('rejects unknown keys', () =>
    expect(IncomingBodySchema.safeParse({ ...good, enabled: true }).success).toBe(false));
});

describe('zones list query', () => {
  it('coerces strings from the query string and bounds them', () => {
    expect(ZonesListQuerySchema.parse({ page: '2', per_page: '50' })).toEqual({ page: 2, per_page: 50 });
    expect(ZonesListQuerySchema.safeParse({ page: '0' }).success).toBe(false);
    expect(ZonesListQuerySchema.safeParse({ account_id: 'x' }).success).toBe(false);
    expect(ZonesListQuerySchema.safeParse({ other: '1' }).success).toBe(false);
  });
});

describe('pointers', () => {
  it('are JSON pointers', () => {
    expect(pointerFor('body', ['peers', 0])).toBe('/peers/0');
    expect(pointerFor('params', ['peer_id'])).toBe('/params/peer_id');
    expect(pointerFor('body', ['a/b'])).toBe('/a~1b');
  });
});

describe('the rate budget', () => {
  const budget = {
    limit: 1200, windowSeconds: 300, headroom: 100, capacity: 1100, remaining: 900, used: 200,
    nextTokenSeconds: 0, resetSeconds: 120, queueLength: 0, lockedOutUntil: null, upstream: null,
    spending: [], otherSpenders: { spenders: 0, requests: 0 }, bulkReads: { used: 0, share: 550, nextSeconds: 0 },
  };
  it("carries the caller's own reads only when reads are limited per user", () => {
    expect(RateBudgetSchema.parse(budget)).not.toHaveProperty('yourReads');
    const yourReads = { used: 120, share: 550, nextSeconds: 0 };
    expect(RateBudgetSchema.parse({ ...budget, yourReads }).yourReads).toEqual(yourReads);
    expect(RateBudgetSchema.safeParse({ ...budget, yourReads: { used: 1 } }).success).toBe(false);
  });

  it('says who spent it on what: a user or the dashboard itself (null), by a purpose the contract knows', () => {
    const spending = [
      { username: 'alice', reads: 3, writes: 1, spends: [{ purpose: 'check-serials', reads: 3, writes: 0 }, { purpose: null, reads: 0, writes: 1 }] },
      { username: null, reads: 2, writes: 0, spends: [{ purpose: 'serial-watch', reads: 2, writes: 0 }] },
    ];
    expect(RateBudgetSchema.parse({ ...budget, spending }).spending).toEqual(spending);
    const unknown = [{ username: 'bob', reads: 1, writes: 0, spends: [{ purpose: 'mining', reads: 1, writes: 0 }] }];
    expect(RateBudgetSchema.safeParse({ ...budget, spending: unknown }).success).toBe(false);
  });
});
