/**
 * The audit log (BFF-owned: `GET /api/audit`; admins get everyone's entries, others their own). Keys:
 *   ['audit']                              everything
 *   ['audit', 'list', filters, page, perPage]
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { AuditEntry, ResultInfo } from '@secdns/api-types';
import { request } from '../../../lib/api-client';
import { auditListUrl, type AuditFilters } from '../audit-filters';

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: AuditFilters, page: number, perPage: number) =>
    [...auditKeys.all, 'list', filters, page, perPage] as const,
};

export interface AuditPage {
  entries: AuditEntry[];
  resultInfo: ResultInfo | undefined;
}

export const auditQueries = {
  list: (filters: AuditFilters, page: number, perPage: number) =>
    queryOptions({
      queryKey: auditKeys.list(filters, page, perPage),
      queryFn: async ({ signal }): Promise<AuditPage> => {
        const { envelope } = await request(auditListUrl(filters, page, perPage), { method: 'GET', signal }, 'audit.list');
        return { entries: (envelope.result as AuditEntry[] | null) ?? [], resultInfo: envelope.result_info };
      },
      placeholderData: keepPreviousData,
      staleTime: 10_000,
    }),
};
