/**
 * "Export CSV": a download link to `GET /api/audit.csv` with the page's filters. The export holds at most
 * AUDIT_CSV_MAX_ROWS entries, newest first; the list's total (same filters) tells beforehand when it will be cut, so
 * the button says so before anyone opens a file that quietly stops (the file's last line, `# truncated: …`, says it
 * too, with the `until` to export the older ones from).
 */
import { Button, Group, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { AUDIT_CSV_MAX_ROWS } from '@secdns/api-types';
import { auditCsvUrl, type AuditFilters } from '../audit-filters';

const count = (value: number) => value.toLocaleString('en-US');

export interface AuditCsvExportProps {
  filters: AuditFilters;
  /** How many entries match the filters (the list's total), when known. */
  total: number | undefined;
}

export function AuditCsvExport({ filters, total }: AuditCsvExportProps) {
  const cut = total !== undefined && total > AUDIT_CSV_MAX_ROWS;
  const tooltip = cut
    ? `These filters match ${count(total)} entries: the file holds the newest ${count(AUDIT_CSV_MAX_ROWS)} and ends with a "# truncated" line. Set "Until" to export the older ones.`
    : `The entries matching these filters, all pages (up to ${count(AUDIT_CSV_MAX_ROWS)})`;
  return (
    <Group gap="xs" wrap="nowrap">
      {cut && (
        <Text size="xs" c="orange.8" role="status">
          <IconAlertTriangle size={14} aria-hidden style={{ verticalAlign: 'text-bottom' }} /> Newest{' '}
          {count(AUDIT_CSV_MAX_ROWS)} of {count(total)} only
        </Text>
      )}
      <Tooltip label={tooltip} withArrow openDelay={300} multiline maw={320}>
        <Button
          component="a"
          href={auditCsvUrl(filters)}
          download
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          Export CSV
        </Button>
      </Tooltip>
    </Group>
  );
}
