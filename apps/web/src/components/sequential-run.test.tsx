import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-client';
import { useSequentialRun } from './sequential-run';

const items = Array.from({ length: 8 }, (_, n) => ({ id: `z${n + 1}`, name: `zone${n + 1}.example` }));
const cloudflare502 = () => new ApiError({ status: 502, errors: [{ code: 10502, message: 'Cloudflare answered HTTP 502.' }] });

async function run(outcomes: Record<string, 'ok' | '502' | '404'>) {
  const { result } = renderHook(() => useSequentialRun());
  await act(() =>
    result.current.start(items, async (item) => {
      const outcome = outcomes[item.id] ?? 'ok';
      if (outcome === '502') throw cloudflare502();
      if (outcome === '404') throw new ApiError({ status: 404, errors: [{ code: 1003, message: 'No such zone.' }] });
      return 'Requested';
    }),
  );
  return result.current.runs!;
}

describe('useSequentialRun', () => {
  it("stops after three of Cloudflare's failures in a row: the rest are not sent, and say why", async () => {
    const runs = await run({ z2: '502', z3: '502', z4: '502' });
    expect(runs.z1).toEqual({ state: 'done', text: 'Requested' });
    expect(runs.z4).toMatchObject({ state: 'failed' });
    for (const id of ['z5', 'z6', 'z7', 'z8']) {
      expect(runs[id]).toEqual({
        state: 'not-sent',
        text:
          'Not sent: Cloudflare failed 3 times in a row (zone2.example, zone3.example, zone4.example above): it is failing, ' +
          'not these items. Run them again when it answers (the header shows when).',
      });
    }
  });

  it('goes on when the failures are not in a row, or are not Cloudflare failing (a refusal of one item)', async () => {
    const runs = await run({ z1: '502', z2: '502', z3: 'ok', z4: '502', z5: '404', z6: '502', z7: '502' });
    expect(Object.values(runs).filter((r) => r.state === 'not-sent')).toEqual([]);
    expect(runs.z8).toEqual({ state: 'done', text: 'Requested' });
  });

  it('the last item failing third in a row leaves nothing "not sent"', async () => {
    const runs = await run({ z6: '502', z7: '502', z8: '502' });
    expect(runs.z8).toMatchObject({ state: 'failed' });
    expect(Object.values(runs).filter((r) => r.state === 'not-sent')).toEqual([]);
  });
});
