import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { useListParams, type ListParams } from './use-list-params';

function setup(url: string) {
  let location = '';
  const result: { current: ListParams | null } = { current: null };
  function Probe() {
    result.current = useListParams({ sort: 'name', dir: 'asc', sortable: ['name', 'ip'] });
    const loc = useLocation();
    location = `${loc.pathname}${loc.search}`;
    return null;
  }
  const router = createMemoryRouter([{ path: '*', element: <Probe /> }], { initialEntries: [url] });
  const { rerender } = renderHook(() => null, {
    wrapper: ({ children }: { children: ReactNode }) => (
      <>
        <RouterProvider router={router} />
        {children}
      </>
    ),
  });
  return { result, location: () => location, rerender };
}

describe('useListParams', () => {
  it('reads q, sort, dir and page from the URL with defaults', () => {
    const { result } = setup('/peers?q=ns1&sort=ip&dir=desc&page=3');
    expect(result.current).toMatchObject({ q: 'ns1', sort: 'ip', dir: 'desc', page: 3 });
    expect(result.current?.sorting).toEqual([{ id: 'ip', desc: true }]);

    const defaults = setup('/peers?sort=secret&dir=sideways&page=-1');
    expect(defaults.result.current).toMatchObject({ q: '', sort: 'name', dir: 'asc', page: 1 });
  });

  it('writes changes to the URL and leaves defaults out', () => {
    const { result, location } = setup('/peers?page=2');
    act(() => result.current?.setQ('ns'));
    expect(location()).toBe('/peers?q=ns');
    act(() => result.current?.setSorting([{ id: 'ip', desc: true }]));
    expect(location()).toBe('/peers?q=ns&sort=ip&dir=desc');
    act(() => result.current?.setSort('name', 'asc'));
    expect(location()).toBe('/peers?q=ns');
    act(() => result.current?.setPage(4));
    expect(location()).toBe('/peers?q=ns&page=4');
  });

  it('two writes before the URL has caught up keep both changes (a sort click, then the delayed search write)', () => {
    const { result, location } = setup('/peers');
    const first = result.current!;
    act(() => {
      first.setSorting([{ id: 'ip', desc: false }]);
      // The search box's callback of the same render: the URL does not show the sort yet.
      first.setQ('ns');
    });
    expect(location()).toBe('/peers?sort=ip&dir=asc&q=ns');
    expect(result.current).toMatchObject({ q: 'ns', sort: 'ip', dir: 'asc' });
  });
});
