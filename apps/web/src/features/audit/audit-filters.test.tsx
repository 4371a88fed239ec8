import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useLocation } from 'react-router';
import { renderWithProviders } from '../../test/render';
import {
  auditCsvUrl,
  auditFilterQuery,
  auditListUrl,
  localInputToIso,
  isoToLocalInput,
  parseAuditFilters,
  parsePage,
  useAuditFilters,
} from './audit-filters';
import { AuditFiltersBar } from './components/audit-filters-bar';

describe('audit filters in the URL', () => {
  it('parses what the URL holds and drops what the API would refuse', () => {
    const params = new URLSearchParams(
      'user=%20ops%20&operation=forceAxfr&zone_id=abc&resource=%20p1%20&outcome=maybe&since=2026-01-31T12:00:00Z&until=yesterday&page=0&per_page=7',
    );
    expect(parseAuditFilters(params)).toEqual({
      user: 'ops',
      operation: 'forceAxfr',
      zone: 'abc',
      resource: 'p1',
      outcome: '',
      since: '2026-01-31T12:00:00.000Z',
      until: '',
    });
    expect(parsePage(params)).toEqual({ page: 1, perPage: 50 });
    expect(parsePage(new URLSearchParams('page=3&per_page=100'))).toEqual({ page: 3, perPage: 100 });
  });

  it('builds the API and CSV URLs with the same filters', () => {
    const filters = { user: 'ops', operation: 'forceAxfr', zone: '', resource: '', outcome: 'failure' as const, since: '', until: '' };
    expect(auditFilterQuery(filters)).toBe('user=ops&operation=forceAxfr&outcome=failure');
    expect(auditCsvUrl(filters)).toBe('/api/audit.csv?user=ops&operation=forceAxfr&outcome=failure');
    expect(auditListUrl(filters, 2, 25)).toBe('/api/audit?user=ops&operation=forceAxfr&outcome=failure&page=2&per_page=25');
    expect(auditCsvUrl({ ...filters, user: '', operation: '', outcome: '' })).toBe('/api/audit.csv');
  });

  it('converts between datetime-local inputs and ISO instants', () => {
    const iso = localInputToIso('2026-03-01T08:30');
    expect(iso).toMatch(/^2026-0[23]-\d\dT\d\d:30:00\.000Z$/);
    expect(isoToLocalInput(iso)).toBe('2026-03-01T08:30');
    expect(localInputToIso('')).toBe('');
    expect(isoToLocalInput('nonsense')).toBe('');
  });
});

function Harness({ canFilterUser = true }: { canFilterUser?: boolean }) {
  const state = useAuditFilters();
  const location = useLocation();
  return (
    <>
      <AuditFiltersBar
        key={auditFilterQuery(state.filters)}
        filters={state.filters}
        onApply={state.setFilters}
        onClear={state.clear}
        canFilterUser={canFilterUser}
      />
      <output data-testid="search">{location.search}</output>
    </>
  );
}

const search = () => new URLSearchParams(screen.getByTestId('search').textContent ?? '');

describe('AuditFiltersBar ↔ URL', () => {
  it('shows the filters the URL holds (a reload keeps them)', () => {
    renderWithProviders(<Harness />, {
      route: `/audit?user=ops&operation=forceAxfr&zone=example.net&outcome=failure&since=${encodeURIComponent(localInputToIso('2026-03-01T08:30'))}`,
    });
    expect(screen.getByLabelText('User')).toHaveValue('ops');
    expect(screen.getByRole('textbox', { name: 'Operation' })).toHaveValue('Force AXFR (forceAxfr)');
    expect(screen.getByLabelText('Zone')).toHaveValue('example.net');
    expect(screen.getByRole('textbox', { name: 'Outcome' })).toHaveValue('Failure');
    expect(screen.getByLabelText('Since')).toHaveValue('2026-03-01T08:30');
  });

  it('says that the user and zone filters take part of a name', () => {
    renderWithProviders(<Harness />, { route: '/audit' });
    expect(screen.getByLabelText('User')).toHaveAttribute('placeholder', 'Part of a name');
    expect(screen.getByLabelText('User')).toHaveAttribute('title', expect.stringContaining('“oli” finds olivia'));
    expect(screen.getByLabelText('Zone')).toHaveAttribute('placeholder', 'Part of a name, or ID');
  });

  it('writes text fields on Apply, selects at once, resets the page, and clears', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Harness />, { route: '/audit?page=4' });
    await user.type(screen.getByLabelText('User'), 'ops');
    await user.type(screen.getByLabelText('Zone'), 'mail.example.net');
    expect(search().get('user')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(search().get('user')).toBe('ops'));
    expect(search().get('zone')).toBe('mail.example.net');
    expect(search().get('page')).toBeNull();

    await user.click(screen.getByRole('textbox', { name: 'Outcome' }));
    await user.click(await screen.findByRole('option', { name: 'Success' }));
    await waitFor(() => expect(search().get('outcome')).toBe('success'));
    expect(search().get('user')).toBe('ops');

    await user.type(screen.getByLabelText('Since'), '2026-03-01T08:30');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(search().get('since')).toBe(localInputToIso('2026-03-01T08:30')));

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(screen.getByTestId('search')).toHaveTextContent(''));
    expect(screen.getByLabelText('User')).toHaveValue('');
  });

  it('refuses an Until before Since', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Harness />, { route: '/audit' });
    await user.type(screen.getByLabelText('Since'), '2026-03-02T08:30');
    await user.type(screen.getByLabelText('Until'), '2026-03-01T08:30');
    expect(screen.getByText('Must be after Since')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Apply filters' })).toBeDisabled();
  });

  it('has no user filter for non-admins (they only see their own entries)', () => {
    renderWithProviders(<Harness canFilterUser={false} />, { route: '/audit' });
    expect(screen.queryByLabelText('User')).not.toBeInTheDocument();
  });
});
