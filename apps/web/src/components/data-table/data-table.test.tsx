import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../lib/api-client';
import { renderWithProviders } from '../../test/render';
import { DataTable, type DataTableProps } from './data-table';

interface Row {
  id: string;
  name: string;
  ip: string;
}
const column = createColumnHelper<Row>();
const columns = [
  column.accessor('name', { id: 'name', header: 'Name' }),
  column.accessor('ip', { id: 'ip', header: 'IP address' }),
];
const rows: Row[] = [
  { id: '1', name: 'beta', ip: '192.0.2.2' },
  { id: '2', name: 'alpha', ip: '192.0.2.1' },
  { id: '3', name: 'gamma', ip: '2001:db8::3' },
];

function Harness(props: Partial<DataTableProps<Row>>) {
  const [q, setQ] = useState('');
  return (
    <DataTable<Row>
      label="Things"
      noun={{ one: 'thing', other: 'things' }}
      data={rows}
      columns={columns}
      getRowId={(row) => row.id}
      globalFilter={q}
      onGlobalFilterChange={setQ}
      {...props}
    />
  );
}

function bodyRows() {
  const table = screen.getByRole('table', { name: 'Things' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]?.textContent);
}

describe('DataTable', () => {
  it('renders rows with a count, filters and clears', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Harness />);
    expect(screen.getByText('3 things')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Search things' }), '2001');
    expect(bodyRows()).toEqual(['gamma']);
    expect(screen.getByText('1 of 3 things')).toBeInTheDocument();
    await user.clear(screen.getByRole('textbox', { name: 'Search things' }));
    await user.type(screen.getByRole('textbox', { name: 'Search things' }), 'nothing-like-this');
    expect(screen.getByText(/No things match/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show all things' }));
    expect(bodyRows()).toHaveLength(3);
    await user.type(screen.getByRole('textbox', { name: 'Search things' }), 'alpha');
    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    expect(screen.getByRole('textbox', { name: 'Search things' })).toHaveValue('');
  });

  it('sorts by a header', async () => {
    const user = userEvent.setup();
    function Sorted() {
      const [sorting, setSorting] = useState([{ id: 'name', desc: false }]);
      return <Harness sorting={sorting} onSortingChange={setSorting as never} />;
    }
    renderWithProviders(<Sorted />);
    expect(bodyRows()).toEqual(['alpha', 'beta', 'gamma']);
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'ascending');
    expect(screen.getByRole('columnheader', { name: /IP address/ })).toHaveAttribute('aria-sort', 'none');
    await user.click(screen.getByRole('button', { name: /Name/ }));
    expect(bodyRows()).toEqual(['gamma', 'beta', 'alpha']);
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
  });

  it('shows the empty state when there are no rows', () => {
    renderWithProviders(<Harness data={[]} emptyState={<p>No things yet. Add one.</p>} />);
    expect(screen.getByText('No things yet. Add one.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a loading skeleton', () => {
    renderWithProviders(<Harness data={undefined} isLoading />);
    expect(screen.getByRole('table', { name: 'Things' })).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByText('Loading…')).toBeInTheDocument();
  });

  it('shows an error with the request id and Retry', async () => {
    const user = userEvent.setup();
    const onRetry = vi.fn();
    const error = new ApiError({
      status: 502,
      errors: [{ code: 1502, message: 'Cloudflare is unavailable' }],
      requestId: 'req-42',
    });
    renderWithProviders(<Harness data={undefined} error={error} onRetry={onRetry} />);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('Could not load things')).toBeInTheDocument();
    expect(within(alert).getByText('Cloudflare is unavailable')).toBeInTheDocument();
    expect(within(alert).getByText('req-42')).toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('virtualizes long lists', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: String(i), name: `peer-${i}`, ip: '192.0.2.1' }));
    renderWithProviders(<Harness data={many} />);
    expect(screen.getByText('5000 things')).toBeInTheDocument();
    expect(screen.getAllByRole('row').length).toBeLessThan(200);
  });
});
