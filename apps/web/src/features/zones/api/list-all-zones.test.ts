import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestQueryClient, envelopeResponse } from '../../../test/render';
import { ZONE_LOOKUP_MAX_PAGES, listAllZones } from './queries';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const zone = (n: number) => ({ id: n.toString(16).padStart(32, '0'), name: `z${n}.example`, type: 'secondary' });

afterEach(() => vi.unstubAllGlobals());

function serve(totalPages: number, pageZones: (page: number) => ReturnType<typeof zone>[]) {
  const pages: number[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://localhost');
      const page = Number(url.searchParams.get('page'));
      pages.push(page);
      expect(url.searchParams.get('per_page')).toBe('50');
      const result = pageZones(page);
      return envelopeResponse({
        result,
        result_info: { page, per_page: 50, count: result.length, total_count: totalPages * 50, total_pages: totalPages },
      });
    }),
  );
  return pages;
}

describe('listAllZones', () => {
  it('reads every page once and lists each zone once (a zone pushed onto the next page is not counted twice)', async () => {
    const pages = serve(3, (page) => (page === 2 ? [zone(50), zone(51)] : page === 1 ? [zone(1), zone(50)] : [zone(99)]));
    const { zones, complete, total } = await listAllZones(createTestQueryClient(), ACCOUNT, '');
    expect(pages).toEqual([1, 2, 3]);
    expect(zones.map((z) => z.name)).toEqual(['z1.example', 'z50.example', 'z51.example', 'z99.example']);
    expect(complete).toBe(true);
    expect(total).toBe(150);
  });

  it(`stops after ${ZONE_LOOKUP_MAX_PAGES} pages and says the list is not complete`, async () => {
    const pages = serve(ZONE_LOOKUP_MAX_PAGES + 5, (page) => [zone(page)]);
    const { zones, complete, total } = await listAllZones(createTestQueryClient(), ACCOUNT, '');
    expect(pages).toHaveLength(ZONE_LOOKUP_MAX_PAGES);
    expect(zones).toHaveLength(ZONE_LOOKUP_MAX_PAGES);
    expect(complete).toBe(false);
    expect(total).toBe((ZONE_LOOKUP_MAX_PAGES + 5) * 50);
  });
});
