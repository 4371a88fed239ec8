import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AUDIT_CSV_MAX_ROWS } from '@secdns/api-types';
import { renderWithProviders } from '../../../test/render';
import { EMPTY_FILTERS } from '../audit-filters';
import { AuditCsvExport } from './audit-csv-export';

const FILTERS = { ...EMPTY_FILTERS, operation: 'forceAxfr' };

describe('AuditCsvExport', () => {
  it('links to the CSV with the filters and says nothing more while the export holds every matching entry', () => {
    renderWithProviders(<AuditCsvExport filters={FILTERS} total={AUDIT_CSV_MAX_ROWS} />);
    const link = screen.getByRole('link', { name: 'Export CSV' });
    expect(link).toHaveAttribute('href', '/api/audit.csv?operation=forceAxfr');
    expect(link).toHaveAttribute('download');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('says beforehand that the export will stop at the newest 100,000 when the filters match more', async () => {
    renderWithProviders(<AuditCsvExport filters={FILTERS} total={123_456} />);
    expect(screen.getByRole('status')).toHaveTextContent('Newest 100,000 of 123,456 only');
    await userEvent.setup().hover(screen.getByRole('link', { name: 'Export CSV' }));
    expect(await screen.findByText(/ends with a "# truncated" line\. Set "Until" to export the older ones\./)).toBeInTheDocument();
  });

  it('says nothing before the total is known', () => {
    renderWithProviders(<AuditCsvExport filters={EMPTY_FILTERS} total={undefined} />);
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/audit.csv');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
