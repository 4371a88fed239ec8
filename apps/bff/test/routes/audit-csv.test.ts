/**
 * The CSV export of the audit log on a long log: streamed a page at a time (keyset by id), newest first, complete,
 * with the same filters as GET /api/audit, formula-safe, and marked when the row cap cuts it.
 */
import { AUDIT_CSV_TRUNCATED_MARK } from '@secdns/api-types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NewAuditEntry } from '../../src/storage/types.js';
import { appFor, startTestSandbox, type Sandbox, type TestApp, type TestClient } from '../helper.js';

const SEEDED = 5_000;
const PAGE_SIZE = 100;
const USERS = ['alice', 'bob', 'carol', 'test-viewer'];
const OPERATIONS = ['peers.update', 'forceAxfr', 'auth.login', 'tsigs.create', 'outgoing.forceNotify'];
const ZONES = [
  { id: 'a'.repeat(32), name: 'example.net' },
  { id: 'b'.repeat(32), name: 'shop.example.org' },
  { id: null, name: null },
];
/** What a spreadsheet would run if the export did not neutralize it. */
const FORMULA = '=HYPERLINK("http://attacker.example","open me")';

function seeded(count: number): NewAuditEntry[] {
  const start = Date.parse('2030-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const zone = ZONES[i % ZONES.length]!;
    return {
      time: new Date(start + i * 1000).toISOString(),
      username: USERS[i % USERS.length]!,
      role: 'operator',
      operation: OPERATIONS[i % OPERATIONS.length]!,
      method: 'POST',
      path: `/api/seeded/${i}`,
      accountId: null,
      zoneId: zone.id,
      zoneName: zone.name,
      resourceId: `resource-${i % 50}`,
      body: { n: i, note: 'a, "quoted" note' },
      reason: i % 7 === 0 ? FORMULA : `seed ${i}`,
      status: i % 3 === 0 ? 409 : 200,
      upstreamErrorCodes: i % 3 === 0 ? [1001, 1002] : [],
      refusal: null,
      requestId: `seed-${i}`,
      clientIp: '192.0.2.1',
    };
  });
}

/** The CSV's lines without the final empty one. */
const linesOf = (body: string) => body.split('\r\n').slice(0, -1);
/** The ids of the data rows (the first cell). */
const idsOf = (lines: string[]) => lines.slice(1).filter((line) => !line.startsWith('#')).map((line) => Number(line.split(',')[0]));

/** Every id GET /api/audit answers for these filters, page after page (newest first). */
async function listedIds(client: TestClient, query: string): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page += 1) {
    const response = await client.inject({ method: 'GET', url: `/api/audit?per_page=500&page=${page}${query ? `&${query}` : ''}` });
    expect(response.statusCode, response.body).toBe(200);
    const { result, result_info } = response.json() as { result: { id: number }[]; result_info: { total_pages: number } };
    ids.push(...result.map((entry) => entry.id));
    if (page >= result_info.total_pages) return ids;
  }
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

describe('GET /api/audit.csv on a long log', () => {
  let t: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    t = await appFor(sandbox, {}, { auditCsv: { csvPageSize: PAGE_SIZE } });
    admin = await t.as('admin');
    await t.as('viewer');
    await t.app.storage.audit.appendMany(seeded(SEEDED));
  });
  afterAll(async () => t?.app.close());

  it('reads the log a page at a time by id (no OFFSET) and exports every entry, newest first', async () => {
    const newest = vi.spyOn(t.app.storage.audit, 'newest');
    const query = vi.spyOn(t.app.storage.audit, 'query');
    try {
      const response = await admin.inject({ method: 'GET', url: '/api/audit.csv' });
      const pages = [...newest.mock.calls];
      // Never OFFSET paging (query), which re-reads every skipped row.
      expect(query).not.toHaveBeenCalled();
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = linesOf(response.body);
      const ids = idsOf(lines);
      expect(lines[0]).toMatch(/^id,time,username,/);
      expect(ids.length).toBeGreaterThan(SEEDED);
      expect(ids).toEqual(await listedIds(admin, ''));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(response.headers['x-audit-truncated']).toBe('false');
      expect(response.headers['x-audit-total']).toBe(String(ids.length));
      expect(lines.some((line) => line.startsWith(AUDIT_CSV_TRUNCATED_MARK))).toBe(false);

      // Pages of PAGE_SIZE, each after the last id written.
      expect(pages.length).toBe(Math.ceil(ids.length / PAGE_SIZE));
      for (const [, limit] of pages) expect(limit).toBeLessThanOrEqual(PAGE_SIZE);
      const cursors = pages.slice(1).map(([filter]) => filter.beforeId);
      expect(cursors).toEqual(ids.filter((_, index) => index % PAGE_SIZE === PAGE_SIZE - 1).slice(0, cursors.length));
    } finally {
      newest.mockRestore();
      query.mockRestore();
    }
  });

  it('streams: while nobody reads the answer, the server has read only its first pages from the database', async () => {
    const newest = vi.spyOn(t.app.storage.audit, 'newest');
    try {
      const response = await admin.inject({ method: 'GET', url: '/api/audit.csv', payloadAsStream: true });
      expect(response.statusCode).toBe(200);
      const stream = response.stream();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const whileWaiting = newest.mock.calls.length;
      expect(whileWaiting).toBeLessThan(5);
      let text = '';
      for await (const chunk of stream) text += String(chunk);
      expect(idsOf(linesOf(text)).length).toBeGreaterThan(SEEDED);
      expect(newest.mock.calls.length).toBeGreaterThan(SEEDED / PAGE_SIZE);
    } finally {
      newest.mockRestore();
    }
  });

  it('applies the same filters as GET /api/audit', async () => {
    for (const query of [
      'user=ali',
      'operation=peers.*',
      'operation=!auth.*&outcome=failure',
      'zone=example&since=2030-01-01T00:20:00Z&until=2030-01-01T01:00:00Z',
      `zone_id=${'b'.repeat(32)}&resource=resource-7`,
    ]) {
      const response = await admin.inject({ method: 'GET', url: `/api/audit.csv?${query}` });
      expect(response.statusCode, query).toBe(200);
      const ids = idsOf(linesOf(response.body));
      expect(ids.length, query).toBeGreaterThan(0);
      expect(ids, query).toEqual(await listedIds(admin, query));
    }
  });

  it('gives a non-admin their own entries only, whatever the user filter', async () => {
    const viewer = await t.as('viewer');
    const response = await viewer.inject({ method: 'GET', url: '/api/audit.csv?user=alice' });
    expect(response.statusCode).toBe(200);
    const lines = linesOf(response.body).slice(1);
    expect(lines.length).toBeGreaterThan(SEEDED / USERS.length - 1);
    for (const line of lines) expect(line.split(',')[2]).toBe('test-viewer');
  });

  it('keeps every cell formula-safe and quoted, on every page', async () => {
    const response = await admin.inject({ method: 'GET', url: '/api/audit.csv?user=alice' });
    const withFormula = linesOf(response.body).filter((line) => line.includes('HYPERLINK'));
    expect(withFormula.length).toBeGreaterThan(SEEDED / PAGE_SIZE);
    for (const line of withFormula) {
      expect(line).toContain(`"'=HYPERLINK(""http://attacker.example"",""open me"")"`);
      expect(line).not.toMatch(/,=HYPERLINK/);
    }
    expect(response.body).toContain('"{""n"":');
    expect(response.body).toContain(',1001 1002,');
  });
});

describe('the row cap', () => {
  const CAP = 1_000;
  let t: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    t = await appFor(sandbox, {}, { auditCsv: { csvMaxRows: CAP, csvPageSize: 64 } });
    admin = await t.as('admin');
    await t.app.storage.audit.appendMany(seeded(SEEDED));
  });
  afterAll(async () => t?.app.close());

  it('exports the newest entries up to the cap and says it cut: a header and a last line', async () => {
    const response = await admin.inject({ method: 'GET', url: '/api/audit.csv' });
    expect(response.statusCode).toBe(200);
    const lines = linesOf(response.body);
    const ids = idsOf(lines);
    const all = await listedIds(admin, '');
    expect(ids).toEqual(all.slice(0, CAP));
    expect(lines).toHaveLength(1 + CAP + 1);
    expect(response.headers['x-audit-truncated']).toBe('true');
    expect(response.headers['x-audit-total']).toBe(String(all.length));
    const last = lines[lines.length - 1]!;
    expect(last.startsWith(`${AUDIT_CSV_TRUNCATED_MARK}: the newest ${CAP} of ${all.length} matching entries`)).toBe(true);
    // The time to export the older ones from: a millisecond after the oldest entry here (`until` is exclusive).
    const oldest = (await t.app.storage.audit.newest({ beforeId: ids[ids.length - 1]! + 1 }, 1))[0]!;
    expect(last).toContain(`until=${new Date(Date.parse(oldest.time) + 1).toISOString()}`);
  });

  it('filters that match no more than the cap are not marked', async () => {
    const response = await admin.inject({ method: 'GET', url: '/api/audit.csv?user=bob&operation=forceAxfr' });
    const lines = linesOf(response.body);
    expect(idsOf(lines).length).toBe(SEEDED / USERS.length / OPERATIONS.length);
    expect(response.headers['x-audit-truncated']).toBe('false');
    expect(lines.some((line) => line.startsWith('#'))).toBe(false);
  });

  it('an export of exactly the cap is complete, not cut', async () => {
    // alice: 1,250 seeded entries; since a time that leaves exactly CAP of them.
    const since = new Date(Date.parse('2030-01-01T00:00:00Z') + (SEEDED - CAP * USERS.length) * 1000).toISOString();
    const response = await admin.inject({ method: 'GET', url: `/api/audit.csv?user=alice&since=${since}` });
    expect(idsOf(linesOf(response.body))).toHaveLength(CAP);
    expect(response.headers['x-audit-truncated']).toBe('false');
    expect(response.headers['x-audit-total']).toBe(String(CAP));
  });
});
